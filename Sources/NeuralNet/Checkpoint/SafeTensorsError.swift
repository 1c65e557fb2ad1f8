import Foundation

/// Why a safetensors file could not be read or written.
public enum SafeTensorsError: Error, LocalizedError, Equatable, Sendable {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// Fewer than the 8 bytes of the header length.
    case fileTooSmall(size: Int)
    case headerTooLarge(length: UInt64, limit: Int)
    case headerBeyondFile(length: UInt64, available: Int)
    case invalidHeader(reason: String)
    case invalidEntry(name: String, reason: String)
    case unsupportedDType(name: String, dtype: String)
    /// `data_offsets` span a different number of bytes than shape × element size.
    case shapeMismatch(name: String, shape: [Int], dtype: String, byteCount: Int)
    case offsetsOutOfRange(name: String, begin: Int, end: Int, dataSize: Int)
    case overlappingOffsets(name: String, other: String)
    case gapBeforeTensor(name: String, expectedBegin: Int, begin: Int)
    case truncated(expectedDataBytes: Int, actualDataBytes: Int)
    case trailingData(expectedDataBytes: Int, actualDataBytes: Int)

    public var errorDescription: String? {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(path) (\(reason)): check the path"
        case let .cannotWrite(path, reason):
            return "cannot write \(path) (\(reason)): check that the folder exists and is writable"
        case let .fileTooSmall(size):
            return "a \(size)-byte file cannot be safetensors (it needs an 8-byte header length): check the file"
        case let .headerTooLarge(length, limit):
            return "safetensors header claims \(length) bytes, above the \(limit)-byte limit: the file is corrupt or not safetensors"
        case let .headerBeyondFile(length, available):
            return "safetensors header claims \(length) bytes but only \(available) follow: the file is truncated"
        case let .invalidHeader(reason):
            return "safetensors header is invalid (\(reason)): the file is corrupt or not safetensors"
        case let .invalidEntry(name, reason):
            return "safetensors entry \"\(name)\" is invalid (\(reason)): the file is corrupt"
        case let .unsupportedDType(name, dtype):
            return "tensor \"\(name)\" has dtype \(dtype); supported are F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL: convert it first"
        case let .shapeMismatch(name, shape, dtype, byteCount):
            return "tensor \"\(name)\" of shape \(shape) and dtype \(dtype) cannot fill its \(byteCount) bytes: the file is corrupt"
        case let .offsetsOutOfRange(name, begin, end, dataSize):
            return "tensor \"\(name)\" has offsets [\(begin), \(end)) outside the \(dataSize)-byte data section: the file is corrupt"
        case let .overlappingOffsets(name, other):
            return "tensors \"\(other)\" and \"\(name)\" overlap: the file is corrupt"
        case let .gapBeforeTensor(name, expectedBegin, begin):
            return "tensor \"\(name)\" starts at byte \(begin), expected \(expectedBegin) (no holes allowed): the file is corrupt"
        case let .truncated(expected, actual):
            return "safetensors data section has \(actual) bytes, the header needs \(expected): the file is truncated"
        case let .trailingData(expected, actual):
            return "safetensors data section has \(actual) bytes, the header accounts for \(expected): the file is corrupt"
        }
    }
}
