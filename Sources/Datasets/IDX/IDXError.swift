import Foundation

/// Why an IDX file (MNIST / Fashion-MNIST format) or a dataset folder could not be read.
public enum IDXError: Error, LocalizedError, Equatable, Sendable {
    /// The dataset folder does not exist. `package` names the Debian package that provides it, if any.
    case missingFolder(path: String, package: String?)
    /// A required file is in neither its plain nor its `.gz` form.
    case missingFile(folder: String, name: String)
    case cannotOpen(path: String)
    /// A FIFO, folder or device where a data file should be (reading a FIFO would wait forever).
    case notARegularFile(path: String, kind: String)
    /// A label the model has no output for.
    case labelBeyondClasses(path: String, count: Int, largest: Int, classes: Int)
    /// zlib reported an error (corrupt gzip stream).
    case readFailed(path: String, reason: String)
    /// The first two bytes must be zero.
    case badMagic(path: String, bytes: [UInt8])
    case unsupportedDataType(path: String, code: UInt8)
    case badDimensions(path: String, dimensions: [Int])
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    case trailingData(path: String, expectedBytes: Int)
    /// The file holds a valid IDX array of the wrong rank or type for its role.
    case unexpectedShape(path: String, expected: String, found: [Int])
    case countMismatch(images: Int, labels: Int)
    case invalidLabel(path: String, index: Int, value: Int)

    public var errorDescription: String? {
        switch self {
        case let .missingFolder(path, package?):
            return "dataset folder \(path) does not exist: install the Debian package \(package) (apt install \(package)) or pass --data DIR"
        case let .missingFolder(path, nil):
            return "dataset folder \(path) does not exist: pass --data DIR with a folder holding the IDX files"
        case let .missingFile(folder, name):
            return "\(folder) has no \(MNISTFormat.nameVariants(name).joined(separator: ", ")): put the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) there"
        case let .cannotOpen(path):
            return "cannot open \(path): check that it exists and is readable"
        case let .notARegularFile(path, kind):
            return "\(path) is a \(kind), not a file: put the IDX file itself there"
        case let .labelBeyondClasses(path, count, largest, classes):
            return "\(path) has \(count) labels ≥ \(classes) (largest \(largest)), but the model has \(classes) classes: use the dataset the model was made for"
        case let .readFailed(path, reason):
            return "cannot decompress \(path) (\(reason)): the file is corrupt, download it again"
        case let .badMagic(path, bytes):
            return "\(path) is not an IDX file (magic bytes \(bytes)): expected the MNIST IDX format"
        case let .unsupportedDataType(path, code):
            return "\(path) has IDX data type 0x\(String(code, radix: 16)), which is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E: the file is corrupt"
        case let .badDimensions(path, dims):
            return "\(path) declares dimensions \(dims), which are empty or too large: the file is corrupt"
        case let .truncated(path, expected, actual):
            return "\(path) is truncated: its header promises \(expected) data bytes, it holds \(actual); download it again"
        case let .trailingData(path, expected):
            return "\(path) has data past the \(expected) bytes its header declares: the file is corrupt or not IDX"
        case let .unexpectedShape(path, expected, found):
            return "\(path) holds an array of shape \(found), expected \(expected): check the file names"
        case let .countMismatch(images, labels):
            return "\(images) images but \(labels) labels: the image and label files do not belong together"
        case let .invalidLabel(path, index, value):
            return "\(path) has label \(value) at index \(index); labels must be non-negative class indices"
        }
    }
}
