import Foundation
import NeuralNet
import Datasets

extension SREvaluation {
    /// The smallest HR side a photo may have: after trimming to a multiple of the scale and
    /// cropping the `scale`-pixel PSNR border, SSIM's 11×11 window must still fit.
    public static func minimumPhotoSide(scale: Int) -> Int {
        let needed = 11 + 2 * scale
        return (needed + scale - 1) / scale * scale
    }

    /// Why a set of evaluation photos cannot be evaluated, naming the photo.
    public struct PhotoTooSmall: Error, LocalizedError, Equatable {
        public let name: String
        public let width: Int
        public let height: Int
        public let minimum: Int

        public var errorDescription: String? {
            "photo '\(name)' is \(width)×\(height); evaluation needs at least \(minimum)×\(minimum) pixels (11×11 SSIM window plus the scale-pixel border): remove it or use larger photos"
        }
    }

    /// Refuses photos too small for the protocol, and checks the graph adapts to each photo's LR size,
    /// so that evaluation cannot fail later on these photos.
    public static func checkEvaluable(_ graph: Graph, scale: Int, photos: [(name: String, image: RGBImage)],
                                      crop: Int = 256) throws {
        let minimum = minimumPhotoSide(scale: scale)
        for (name, image) in photos {
            let hr = centreCrop(image, crop: crop, scale: scale)
            guard hr.width >= minimum, hr.height >= minimum else {
                throw PhotoTooSmall(name: name, width: crop > 0 ? min(image.width, crop) : image.width,
                                    height: crop > 0 ? min(image.height, crop) : image.height, minimum: minimum)
            }
            _ = try SRGraphResize.resized(graph, height: hr.height / scale, width: hr.width / scale)
        }
    }
}
