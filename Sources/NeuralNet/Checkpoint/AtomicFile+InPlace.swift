import Foundation

extension AtomicFile {
    /// Opens a FIFO, a character device or (for streams) a regular file for writing where it is.
    /// A FIFO is probed without blocking: with no reader, `open` would wait forever.
    static func openInPlace(_ target: OutputTarget, reportedPath: String) throws -> Int32 {
        let fd: Int32
        switch target.kind {
        case .fifo:
            fd = open(target.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd < 0 && errno == ENXIO { throw OutputFileError.fifoWithoutReader(path: reportedPath) }
            if fd >= 0 {
                // Blocking writes from here on: a slow reader must not turn into lost lines.
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            }
        case .characterDevice:
            fd = open(target.path, O_WRONLY | O_CLOEXEC)
        case .missing, .regularFile:
            fd = open(target.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        case .other(let kind):
            throw OutputFileError.unsupportedKind(path: reportedPath, kind: kind)
        }
        guard fd >= 0 else { throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason()) }
        return fd
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    static func writeAll(_ data: Data, to fd: Int32, reportedPath: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var pointer = raw.baseAddress else { return }
            var remaining = raw.count
            while remaining > 0 {
                let n = Foundation.write(fd, pointer, remaining)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason())
                }
                if n == 0 { throw OutputFileError.cannotWrite(path: reportedPath, reason: String(cString: strerror(ENOSPC))) }
                pointer += n
                remaining -= n
            }
        }
    }

    static func systemReason() -> String { String(cString: strerror(errno)) }
}
