import Foundation
import Testing

/// A TUI ended by a signal exits like the headless runner: 128 + the signal's number.
@Suite(.serialized) struct SignalExitCodeTests {
    let driver = EndToEndTests(socket: "dqss-sigterm-\(getpid())", session: "replay")

    /// The process the pane's shell runs (the shell itself waits for it).
    func child(of shell: Int32) -> Int32? {
        let text = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return text?.split(separator: " ").first.flatMap { Int32($0) }
    }

    @Test(.enabled(if: EndToEndTests.tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func sigtermExits143() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary.path),
                     "build the binary first: swift build -c release")
        let exitFile = try driver.startReplay(linger: true)
        defer { driver.stopServer() }
        _ = try await driver.waitForScreen("heatmap rows") { $0.contains("stage1.block0.conv1") }
        let shell = try #require(Int32(driver.tmux(["list-panes", "-t", driver.session, "-F", "#{pane_pid}"], capture: true)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let dqss = try #require(child(of: shell), "no dqss process under the pane's shell \(shell)")
        #expect(kill(dqss, SIGTERM) == 0)
        #expect(try await driver.exitStatus(exitFile) == "EXIT=143")
    }
}
