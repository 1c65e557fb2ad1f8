import Foundation

/// Where dqss finds what it ships — the trained checkpoints (`models/NAME.safetensors`), the
/// evaluation photos (`photos/`) and the demo recording (`demo-events.jsonl`) — wherever it is
/// run from. The folder holding them is, in order:
/// 1. `$DQSS_HOME` when set (and then only it: an explicit choice is not second-guessed);
/// 2. `PREFIX/share/dqss` beside an installed `PREFIX/bin/dqss`;
/// 3. `Assets/` of the package whose build folder (`.build…/…/dqss`) holds the executable.
/// Flags naming a file still win; outputs (`runs/…`) stay under the current directory.
struct AssetLocator {
    static let environmentVariable = "DQSS_HOME"

    /// The folders looked in, in order.
    let roots: [URL]
    /// The folder came from `$DQSS_HOME`.
    let fromEnvironment: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment, executable: URL = Self.executable) {
        if let home = environment[Self.environmentVariable], !home.isEmpty {
            roots = [URL(fileURLWithPath: home).standardizedFileURL]
            fromEnvironment = true
            return
        }
        let bin = executable.deletingLastPathComponent()
        var found = [bin.deletingLastPathComponent().appendingPathComponent("share/dqss").standardizedFileURL]
        // A build folder: the package root is the parent of the `.build` (or `.build-NAME`) component.
        var folder = bin
        while folder.path != "/" {
            if folder.lastPathComponent.hasPrefix(".build") {
                found.append(folder.deletingLastPathComponent().appendingPathComponent("Assets"))
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        roots = found
        fromEnvironment = false
    }

    /// The running executable with symlinks resolved (so `.build/release/dqss` names its real build folder).
    static var executable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// The first existing `root/relative`; otherwise an error naming every place looked.
    func locate(_ relative: String, what: String, instead: String) throws -> URL {
        let places = roots.map { $0.appendingPathComponent(relative) }
        if let hit = places.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return hit }
        throw AssetNotFound(what: what, places: places.map(\.path), instead: instead, homeSet: fromEnvironment)
    }

    struct AssetNotFound: LocalizedError, CustomStringConvertible {
        let what: String
        let places: [String]
        let instead: String
        let homeSet: Bool

        var description: String {
            let home = homeSet ? "fix \(AssetLocator.environmentVariable)" : "set \(AssetLocator.environmentVariable) to a folder holding it"
            return "no \(what); looked in \(places.joined(separator: ", ")); \(instead), or \(home)"
        }
        var errorDescription: String? { description }
    }

    static let shared = AssetLocator()
}
