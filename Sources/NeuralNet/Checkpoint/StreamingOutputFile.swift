import Foundation

/// An output written as it goes (JSON Lines of events): opened in place, so a symlink
/// is followed and a FIFO or device keeps its node. A regular file is truncated.
/// The first write error is kept and nothing more is written after it.
public final class StreamingOutputFile {
    public let path: String
    private let fd: Int32
    private let closesDescriptor: Bool
    public private(set) var failure: OutputFileError?

    public init(path: String) throws {
        let target = try OutputTarget.resolve(path)
        fd = try AtomicFile.openInPlace(target, reportedPath: path)
        self.path = path
        closesDescriptor = true
    }

    /// Standard output, named "-" in messages.
    public init(standardOutput: Void = ()) {
        fd = STDOUT_FILENO
        path = "-"
        closesDescriptor = false
    }

    /// Writes all of `data`; false (and `failure` set) once anything failed.
    @discardableResult
    public func write(_ data: Data) -> Bool {
        guard failure == nil else { return false }
        do {
            try AtomicFile.writeAll(data, to: fd, reportedPath: path)
            return true
        } catch let error as OutputFileError {
            failure = error
            return false
        } catch {
            failure = .cannotWrite(path: path, reason: error.localizedDescription)
            return false
        }
    }

    deinit {
        if closesDescriptor { close(fd) }
    }
}
