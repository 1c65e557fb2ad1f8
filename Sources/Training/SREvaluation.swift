import Tensor
import NeuralNet
import Datasets

/// PSNR / SSIM of a super-resolution graph on photographs, beside bicubic
/// upscaling, the SR literature's protocol: HR → LR by bicubic, metrics on
/// the Y channel with a border of `scale` pixels cropped.
///
/// Each photo is centre-cropped to at most `crop × crop` HR pixels (a
/// multiple of the scale) first: full 512-px photos would work, but the crop
/// keeps validation during training to seconds. `crop` 0 means whole photos.
public enum SREvaluation {
    public struct PhotoResult: Sendable, Equatable {
        public var name: String
        public var width: Int
        public var height: Int
        public var psnr: Double
        public var ssim: Double
        public var bicubicPSNR: Double
        public var bicubicSSIM: Double
    }

    public struct Summary: Sendable, Equatable {
        public var photos: [PhotoResult]
        public var meanPSNR: Double { mean(\.psnr) }
        public var meanSSIM: Double { mean(\.ssim) }
        public var meanBicubicPSNR: Double { mean(\.bicubicPSNR) }
        public var meanBicubicSSIM: Double { mean(\.bicubicSSIM) }

        func mean(_ key: KeyPath<PhotoResult, Double>) -> Double {
            photos.isEmpty ? 0 : photos.reduce(0) { $0 + $1[keyPath: key] } / Double(photos.count)
        }
    }

    /// The centre `crop × crop` (or smaller) region, trimmed to multiples of `scale`.
    public static func centreCrop(_ image: RGBImage, crop: Int, scale: Int) -> RGBImage {
        var w = crop > 0 ? min(crop, image.width) : image.width
        var h = crop > 0 ? min(crop, image.height) : image.height
        w -= w % scale
        h -= h % scale
        return image.cropped(x: (image.width - w) / 2, y: (image.height - h) / 2, width: w, height: h)
    }

    /// Evaluates one HR photo; the graph's input size is adapted to its LR version.
    public static func evaluate(_ graph: Graph, scale: Int, name: String, photo: RGBImage,
                                crop: Int = 256, context: ExecutionContext = .inference) throws -> PhotoResult {
        let hr = centreCrop(photo, crop: crop, scale: scale)
        let lr = hr.bicubicDownscaled(by: scale)
        let bicubic = lr.bicubicUpscaled(by: scale)
        let sized = try SRGraphResize.resized(graph, height: lr.height, width: lr.width)
        let sr = RGBImage(tensor: sized.forward(lr.tensor(channels: .rgb), context: context).output)
        return PhotoResult(name: name, width: hr.width, height: hr.height,
                           psnr: ImageQuality.psnrY(sr, hr, border: scale), ssim: ImageQuality.ssimY(sr, hr, border: scale),
                           bicubicPSNR: ImageQuality.psnrY(bicubic, hr, border: scale),
                           bicubicSSIM: ImageQuality.ssimY(bicubic, hr, border: scale))
    }

    public static func evaluate(_ graph: Graph, scale: Int, photos: [(name: String, image: RGBImage)],
                                crop: Int = 256, context: ExecutionContext = .inference) throws -> Summary {
        Summary(photos: try photos.map { try evaluate(graph, scale: scale, name: $0.name, photo: $0.image, crop: crop,
                                                      context: context) })
    }
}
