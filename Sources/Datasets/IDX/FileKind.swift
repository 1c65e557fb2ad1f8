import Foundation

/// What a path names, so readers refuse what would block or mislead them: opening a FIFO
/// for reading waits for a writer forever, a device never ends.
public enum FileKind {
    /// nil for a regular file (symlinks followed) or a missing path (the reader reports that itself);
    /// otherwise a word for what it is: "FIFO", "folder", "device", "socket".
    public static func nonRegular(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "FIFO"
        case S_IFDIR: return "folder"
        case S_IFCHR, S_IFBLK: return "device"
        case S_IFSOCK: return "socket"
        default: return "special file"
        }
    }
}
