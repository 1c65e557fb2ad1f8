import Foundation

/// Why a NumPy `.npy` file could not be read.
public enum NPYError: Error, LocalizedError, Equatable, Sendable {
    case cannotRead(path: String, reason: String)
    case notNPY
    case unsupportedVersion(major: UInt8, minor: UInt8)
    case truncatedHeader
    case invalidHeader(reason: String)
    case unsupportedDType(String)
    case fortranOrder
    case dataSizeMismatch(expectedBytes: Int, actualBytes: Int)

    public var errorDescription: String? {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(path) (\(reason)): check the path"
        case .notNPY:
            return "not a NumPy .npy file (missing \\x93NUMPY magic): save the array with numpy.save"
        case let .unsupportedVersion(major, minor):
            return ".npy format version \(major).\(minor) is not supported (1.0, 2.0, 3.0 are): save with numpy.save"
        case .truncatedHeader:
            return ".npy header is truncated: the file is corrupt"
        case let .invalidHeader(reason):
            return ".npy header is invalid (\(reason)): the file is corrupt"
        case let .unsupportedDType(descr):
            return ".npy dtype '\(descr)' is not supported (little-endian f2, f4, f8, i1, i2, i4, i8, u1, b1 are): convert with astype('<f4')"
        case .fortranOrder:
            return ".npy array is in Fortran order: save numpy.ascontiguousarray(a) instead"
        case let .dataSizeMismatch(expected, actual):
            return ".npy data has \(actual) bytes, its header needs \(expected): the file is truncated or corrupt"
        }
    }
}
