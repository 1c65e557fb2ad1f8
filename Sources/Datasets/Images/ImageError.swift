import Foundation

/// Why an image file could not be used.
public enum ImageError: Error, LocalizedError, Equatable, Sendable {
    case cannotRead(path: String, reason: String)
    /// stb_image could not decode the bytes (unsupported format or corrupt file).
    case undecodable(path: String, reason: String)
    case tooLarge(path: String, width: Int, height: Int)
    case missingFolder(path: String)
    case noImages(folder: String)

    public var errorDescription: String? {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(path) (\(reason)): check the path"
        case let .undecodable(path, reason):
            return "cannot decode \(path) (\(reason)): use an 8-bit PNG or baseline JPEG"
        case let .tooLarge(path, width, height):
            return "\(path) is \(width)×\(height) pixels, above the \(RGBImage.maximumPixels)-pixel limit: downscale it first"
        case let .missingFolder(path):
            return "image folder \(path) does not exist: run scripts/fetch-eval-photos.sh or pass another folder"
        case let .noImages(folder):
            return "\(folder) holds no .png or .jpg files: add some or pick another folder"
        }
    }
}
