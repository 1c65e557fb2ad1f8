import Foundation
import Testing

/// Runs the real `dqss replay` in a detached tmux session and checks what a
/// person would see. Needs `swift build -c release` first.
@Suite(.serialized) struct EndToEndTests {
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let binary = Fixtures.packageRoot.appendingPathComponent(".build/release/dqss")

    /// Private tmux server so the test never touches anyone else's sessions.
    let socket: String
    let session: String

    init() { self.init(socket: "dqss-e2e-\(getpid())", session: "replay") }

    /// A driver on its own server, for other suites that run in parallel with this one.
    init(socket: String, session: String) {
        self.socket = socket
        self.session = session
    }

    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) throws -> String {
        let full = ["-L", socket, "-f", "/dev/null"] + args
        if capture { return try Subprocess.output(Self.tmuxPath!, full) }
        try Subprocess.run(Self.tmuxPath!, full)
        return ""
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session], capture: true) }

    /// Polls the screen until `predicate` holds; returns the last capture.
    func waitForScreen(_ what: String, timeout: Double = 120, _ predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Other suites' synchronous work can starve this task past the deadline
        // in one sleep: judge the screen as it is now, not the capture before the wait.
        last = try screen()
        if predicate(last) { return last }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)")
        return last
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func replayShowsHeatmapPausesHelpsAndQuits() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "build the binary first: swift build -c release")
        let exitFile = try startReplay()
        defer { stopServer() }

        let first = try await waitForScreen("heatmap rows") { $0.contains("stage1.block0.conv1") && $0.contains("steps/s") }
        for name in ["stem", "stage2.block0.conv1", "stage3.block2.conv2", "fc"] {
            #expect(first.contains(name), "heatmap row \(name) missing")
        }
        #expect(first.contains("weights W4"))
        #expect(first.contains("▶ running"))

        try tmux(["send-keys", "-t", session, "Space"])
        let paused = try await waitForScreen("pause mark") { $0.contains("‖ PAUSED") }
        #expect(paused.contains("‖ PAUSED"))
        // Paused means paused: the step counter stands still. (Played at a tenth of the recorded
        // speed so a slow, shared machine cannot reach the end before the keys arrive.)
        let stepLine = paused.split(separator: "\n").first { $0.contains(" / 300") }.map(String.init)
        try await Task.sleep(for: .milliseconds(600))
        #expect(try screen().split(separator: "\n").first { $0.contains(" / 300") }.map(String.init) == stepLine)

        try tmux(["send-keys", "-t", session, "?"])
        let help = try await waitForScreen("help overlay") { $0.contains("pin selected layer to selected strategy") }
        #expect(help.contains("Keys"))
        try tmux(["send-keys", "-t", session, "?"])
        _ = try await waitForScreen("help closed") { !$0.contains("pin selected layer to selected strategy") }

        try tmux(["send-keys", "-t", session, "q"])
        _ = try await waitForScreen("quit prompt") { $0.contains("Stop the search and quit? (y/n)") }
        try tmux(["send-keys", "-t", session, "y"])

        #expect(try await exitStatus(exitFile) == "EXIT=0")
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func interruptRestoresTheTerminal() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "build the binary first: swift build -c release")
        // The pane stays open after the exit so the restored screen can be read.
        let exitFile = try startReplay(linger: true)
        defer { stopServer() }
        _ = try await waitForScreen("heatmap rows") { $0.contains("stage1.block0.conv1") }
        try tmux(["send-keys", "-t", session, "C-c"])
        #expect(try await exitStatus(exitFile) == "EXIT=130")
        let after = try await waitForScreen("restored screen") { $0.contains("replay interrupted") }
        #expect(!after.contains("strategy probabilities"))
    }

    /// Starts `dqss replay` on the demo recording; returns the file that will hold "EXIT=<status>".
    func startReplay(linger: Bool = false) throws -> URL {
        let exitFile = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-e2e-\(getpid())-\(UUID().uuidString).exit")
        let root = Fixtures.packageRoot.path
        var command = "cd '\(root)' && LANG=C.UTF-8 '\(Self.binary.path)' replay --events Assets/demo-events.jsonl --speed 0.1; echo EXIT=$? > '\(exitFile.path)'"
        // Long enough to outlast a starved test: the other suites' synchronous
        // work can hold the cooperative pool for tens of seconds, and a 30 s
        // linger once closed the pane before it was read. `stopServer` ends it.
        if linger { command += "; sleep 600" }
        try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
        return exitFile
    }

    func stopServer() {
        _ = try? tmux(["kill-server"])
        // The server may leave its socket behind once the session ended by itself.
        let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(dir)/tmux-\(getuid())/\(socket)")
    }

    func exitStatus(_ file: URL, timeout: Double = 120) async throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: file.path) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        defer { try? FileManager.default.removeItem(at: file) }
        return try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
