import Foundation
import Datasets

/// The kind of data a path holds, told apart by what is there (never by
/// opening image files).
public enum DataSource: Sendable, Equatable {
    /// A folder of MNIST-format IDX files: a training and a test split.
    case idx(folder: String)
    /// torchvision's `ImageFolder` layout: one sub-folder per class.
    case labelledImages(folder: String)
    /// Images without labels, anywhere under the folder.
    case unlabelledImages(folder: String)
    /// Preprocessed inputs [N, C, H, W] in a `.npy` or safetensors file.
    case tensors(file: String)

    public var path: String {
        switch self {
        case let .idx(p), let .labelledImages(p), let .unlabelledImages(p), let .tensors(p): return p
        }
    }

    public var isLabelled: Bool {
        switch self {
        case .idx, .labelledImages: return true
        case .unlabelledImages: return false
        case .tensors: return true  // decided by the file: see `PreprocessedTensors`
        }
    }

    /// What `path` holds. A missing folder is IDX when it is the Fashion-MNIST
    /// default, so the error names the package that installs it.
    public static func detect(_ path: String) throws -> DataSource {
        let lower = path.lowercased()
        if lower.hasSuffix(".npy") || lower.hasSuffix(".safetensors") {
            guard FileManager.default.fileExists(atPath: path) else { throw DataSourceError.missing(path) }
            return .tensors(file: path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if URL(fileURLWithPath: path).standardizedFileURL.path
                == URL(fileURLWithPath: MNISTFormat.fashionMNISTFolder).standardizedFileURL.path {
                return .idx(folder: path)
            }
            throw DataSourceError.missing(path)
        }
        guard isDirectory.boolValue else { throw DataSourceError.unknownFile(path) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if names.contains(where: { let n = $0.lowercased(); return n.contains("ubyte") || n.contains("idx1") || n.contains("idx3") }) {
            return .idx(folder: path)
        }
        return ImageFolderListing.looksLabelled(path) ? .labelledImages(folder: path) : .unlabelledImages(folder: path)
    }
}
