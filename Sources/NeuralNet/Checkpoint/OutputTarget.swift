import Foundation

/// What an output path names once its symbolic links are followed.
public struct OutputTarget: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Nothing there yet (a dangling symlink resolves to this too).
        case missing
        case regularFile
        /// Written in place: renaming over them would replace the node itself.
        case fifo
        case characterDevice
        /// Refused: a folder, a socket, a block device.
        case other(String)
    }

    /// The path that is actually written: the final target of any symlinks.
    public let path: String
    public let kind: Kind
    /// Permission bits of an existing regular file, kept by the replacement.
    public let mode: mode_t?

    init(path: String, kind: Kind, mode: mode_t?) {
        self.path = path
        self.kind = kind
        self.mode = mode
    }

    /// Follows symlinks (relative ones against their own folder) and classifies the end point.
    public static func resolve(_ path: String) throws -> OutputTarget {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return OutputTarget(path: current, kind: .missing, mode: nil) }
                throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                current = try linkDestination(current, original: path)
                continue
            }
            let kind = kind(ofMode: info.st_mode)
            return OutputTarget(path: current, kind: kind, mode: kind == .regularFile ? info.st_mode & 0o7777 : nil)
        }
        throw OutputFileError.symlinkLoop(path: path)
    }

    /// The kind of a file from its `st_mode` (not a symlink).
    static func kind(ofMode mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFDIR: return .other("folder")
        case S_IFSOCK: return .other("socket")
        case S_IFBLK: return .other("block device")
        default: return .other("special file")
        }
    }

    private static func linkDestination(_ link: String, original: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(link, &buffer, buffer.count - 1)
        guard n >= 0 else { throw OutputFileError.cannotWrite(path: original, reason: String(cString: strerror(errno))) }
        let destination = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if destination.hasPrefix("/") { return destination }
        return URL(fileURLWithPath: link).deletingLastPathComponent().appendingPathComponent(destination).path
    }
}
