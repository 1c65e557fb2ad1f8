import Foundation

/// Why an image folder cannot be used.
public enum ImageFolderError: Error, LocalizedError, Equatable, Sendable {
    case missingFolder(path: String)
    case noClasses(folder: String)
    case emptyClass(folder: String)
    case noImages(folder: String)
    case tooMany(folder: String, count: Int, bytes: Int)
    case badImage(path: String, reason: String)
    case differentClasses(calibration: String, evaluation: String, onlyCalibration: [String], onlyEvaluation: [String])

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
        case let .badImage(path, reason):
            return "cannot decode \(path) (\(reason)): replace or remove it, or pass --skip-bad-images to skip and count such files"
        case let .differentClasses(calibration, evaluation, onlyCalibration, onlyEvaluation):
            func few(_ names: [String]) -> String {
                names.isEmpty ? "none" : names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
            }
            return "the class folders of \(calibration) and \(evaluation) differ (only in the first: \(few(onlyCalibration)); only in the second: \(few(onlyEvaluation))), so their label numbers would not match: use folders with the same classes"
        }
    }
}
