import Foundation

/// Why an image folder cannot be used.
public enum ImageFolderError: Error, LocalizedError, Equatable, Sendable {
    case missingFolder(path: String)
    case noClasses(folder: String)
    case emptyClass(folder: String)
    case noImages(folder: String)
    case tooMany(folder: String, count: Int, bytes: Int)

    public var errorDescription: String? {
        switch self {
        case let .missingFolder(path):
            return "image folder \(path) does not exist or is not a folder: check --data"
        case let .noClasses(folder):
            return "\(folder) has no class sub-folders: a labelled image folder holds one folder of images per class (DIR/<class>/*.jpg)"
        case let .emptyClass(folder):
            return "class folder \(folder) holds no .jpg, .jpeg, .png or .bmp images: add some or remove the folder"
        case let .noImages(folder):
            return "\(folder) holds no .jpg, .jpeg, .png or .bmp images: add some or pick another folder"
        case let .tooMany(folder, count, bytes):
            return "\(count) images from \(folder) would take \(bytes >> 20) MB as tensors: pass a smaller --limit"
        }
    }
}
