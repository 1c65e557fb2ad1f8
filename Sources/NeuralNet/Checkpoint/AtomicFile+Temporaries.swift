import Foundation
import Synchronization

/// Temporary files are named `.TARGET.dqss-tmp.PID.RANDOM` beside their target, so a
/// later run can tell whose they are: one whose process is gone was left by a kill
/// and is removed the next time anything is written to that folder.
extension AtomicFile {
    public static let temporaryMarker = ".dqss-tmp."

    private struct Registry {
        /// Temporaries this process is writing right now (never stale).
        var active: Set<String> = []
        /// Folders already cleaned by this process.
        var cleaned: Set<String> = []
    }

    private static let registry = Mutex(Registry())

    static func beginTemporary(for target: String) -> String {
        let url = URL(fileURLWithPath: target)
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let path = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent)\(temporaryMarker)\(getpid()).\(random)").path
        registry.withLock { _ = $0.active.insert(path) }
        return path
    }

    static func endTemporary(_ path: String) {
        registry.withLock { _ = $0.active.remove(path) }
    }

    /// Temporary files (this format or the older `.NAME.UUID.tmp`) in a folder, by name.
    public static func temporaries(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { isTemporaryName($0) }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Removes temporaries whose writer is no longer running; returns what was removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: URL) -> [URL] {
        registry.withLock { _ = $0.cleaned.insert(folder.standardizedFileURL.path) }
        let active = registry.withLock { $0.active }
        var removed: [URL] = []
        for url in temporaries(in: folder) where !active.contains(url.path) && isStale(url) {
            if unlink(url.path) == 0 { removed.append(url) }
        }
        return removed
    }

    static func removeStaleTemporariesOnce(in folder: URL) {
        let key = folder.standardizedFileURL.path
        guard !registry.withLock({ $0.cleaned.contains(key) }) else { return }
        removeStaleTemporaries(in: folder)
    }

    static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix(".") else { return false }
        if name.contains(temporaryMarker) { return true }
        // Written by earlier versions: ".NAME.<UUID>.tmp".
        guard name.hasSuffix(".tmp") else { return false }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: ".") else { return false }
        return UUID(uuidString: String(stem[stem.index(after: dot)...])) != nil
    }

    /// A regular file whose writer's process has ended (or, for names without a
    /// process id, that has not been touched for a minute).
    private static func isStale(_ url: URL) -> Bool {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let name = url.lastPathComponent
        if let range = name.range(of: temporaryMarker),
           let pid = name[range.upperBound...].split(separator: ".").first.flatMap({ Int32($0) }) {
            if pid == getpid() { return true }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        return Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > 60
    }
}
