import Foundation

/// Reading a checkpoint or tensor file: only regular files (a FIFO would block the read forever).
public enum InputFile {
    /// nil for a regular file (symlinks followed) or a missing path; otherwise what it is instead.
    public static func nonRegularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let target = OutputTarget(path: path, kind: OutputTarget.kind(ofMode: info.st_mode), mode: nil)
        switch target.kind {
        case .regularFile, .missing: return nil
        case .fifo: return "FIFO"
        case .characterDevice: return "device"
        case .other(let kind): return kind
        }
    }
}
