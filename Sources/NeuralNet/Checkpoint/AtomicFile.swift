import Foundation

/// Writes output files so that readers never see half a file and nothing but a
/// regular file is ever replaced.
///
/// - A regular file (or a new path) is written to a temporary sibling, synced and
///   renamed over the target.
/// - A symbolic link is followed; its final target is replaced, the link stays.
/// - A FIFO or a character device is opened and written in place: renaming over
///   it would replace the node itself (as root, `-o /dev/null` would destroy it).
/// - A folder, socket or block device is refused.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let target = try OutputTarget.resolve(url.path)
        switch target.kind {
        case .fifo, .characterDevice:
            let fd = try openInPlace(target, reportedPath: url.path)
            defer { close(fd) }
            try writeAll(data, to: fd, reportedPath: url.path)
        case .other(let kind):
            throw OutputFileError.unsupportedKind(path: url.path, kind: kind)
        case .missing, .regularFile:
            try replace(target, with: data, reportedPath: url.path)
        }
    }

    /// Text as UTF-8, through `write(_:to:)`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    private static func replace(_ target: OutputTarget, with data: Data, reportedPath: String) throws {
        let folder = URL(fileURLWithPath: target.path).deletingLastPathComponent()
        removeStaleTemporariesOnce(in: folder)
        let temporary = beginTemporary(for: target.path)
        defer { endTemporary(temporary) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason()) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            if let mode = target.mode { _ = fchmod(fd, mode) }
            try writeAll(data, to: fd, reportedPath: reportedPath)
            guard fsync(fd) == 0 else { throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason()) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason()) }
        guard rename(temporary, target.path) == 0 else {
            throw OutputFileError.cannotWrite(path: reportedPath, reason: systemReason())
        }
        renamed = true
        syncFolder(folder)
    }

    /// Makes the rename itself durable; best effort (some file systems refuse fsync on folders).
    private static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
