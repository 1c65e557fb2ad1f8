import Foundation

/// Why an output file could not be written; one line naming the path.
public enum OutputFileError: Error, LocalizedError, Equatable, Sendable {
    /// A system call failed (folder missing or read-only, disk full…).
    case cannotWrite(path: String, reason: String)
    /// The path names something that is neither a regular file nor a device or FIFO we can write into.
    case unsupportedKind(path: String, kind: String)
    /// A FIFO with nobody reading it: opening it for writing would wait forever.
    case fifoWithoutReader(path: String)
    /// Symbolic links that never end in a file.
    case symlinkLoop(path: String)

    /// The cause alone, for callers that prefix their own context.
    public var reason: String {
        switch self {
        case let .cannotWrite(_, reason): return reason
        case let .unsupportedKind(_, kind): return "it is a \(kind), not a file; pick a file path"
        case .fifoWithoutReader: return "it is a FIFO with no reader; start the reader first"
        case .symlinkLoop: return "too many levels of symbolic links"
        }
    }

    public var path: String {
        switch self {
        case let .cannotWrite(path, _), let .unsupportedKind(path, _), let .fifoWithoutReader(path), let .symlinkLoop(path):
            return path
        }
    }

    public var errorDescription: String? { "cannot write \(path): \(reason)" }
}
