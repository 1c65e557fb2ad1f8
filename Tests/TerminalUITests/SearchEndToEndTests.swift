import Foundation
import Testing
import NeuralNet
import Search

/// The real `dqss search` in tmux, driven as a person would: pause, pin a
/// layer, take a snapshot, quit; and ended by SIGTERM. Uses an untrained ResNet-20 so it needs no
/// committed weights; the engine, events and keys are the real ones.
@Suite(.serialized) struct SearchEndToEndTests {
    let e2e = EndToEndTests(socket: "dqss-e2e-search-\(getpid())", session: "search")
    var session: String { e2e.session }

    @Test(.enabled(if: EndToEndTests.tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func pausePinSnapshotQuit() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary.path),
                     "build the binary first: swift build -c release")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-tui-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ResNet20.build(seed: 5)
        let checkpoint = dir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: checkpoint)
        let snapshot = dir.appendingPathComponent("snap.json")
        let exitFile = dir.appendingPathComponent("exit")
        let command = "cd '\(Fixtures.packageRoot.path)' && LANG=C.UTF-8 '\(EndToEndTests.binary.path)' search "
            + "--checkpoint '\(checkpoint.path)' --steps 5000 --calibration 128 --batch 16 --guard-images 64 "
            + "--eval-limit 100 --snapshot '\(snapshot.path)'; echo EXIT=$? > '\(exitFile.path)'"
        try e2e.tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
        defer { e2e.stopServer() }

        let running = try await e2e.waitForScreen("search running", timeout: 120) { $0.contains("steps/s") && $0.contains("stage1.block0.conv1") }
        #expect(running.contains("resnet20"))

        try e2e.tmux(["send-keys", "-t", session, "Space"])
        _ = try await e2e.waitForScreen("pause mark", timeout: 120) { $0.contains("‖ PAUSED") }

        // Select the second layer (stage1.block0.conv1) and pin its weights to the first candidate (minmax).
        try e2e.tmux(["send-keys", "-t", session, "j"])
        try e2e.tmux(["send-keys", "-t", session, "p"])
        let pinned = try await e2e.waitForScreen("pin mark", timeout: 120) { screen in
            screen.split(separator: "\n").contains { $0.contains("stage1.block0.conv1") && $0.contains("◆") }
        }
        #expect(pinned.contains("‖ PAUSED"))

        try e2e.tmux(["send-keys", "-t", session, "s"])
        _ = try await e2e.waitForScreen("snapshot written", timeout: 120) { $0.contains("snap.step") }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("snap.step") }
        #expect(files.count == 1)
        if let file = files.first {
            let s = try SearchSnapshot.read(from: dir.appendingPathComponent(file))
            #expect(s.layers[1].name == "stage1.block0.conv1")
            #expect(s.layers[1].pin == LayerPin(weight: 0, activation: nil))
        }

        try e2e.tmux(["send-keys", "-t", session, "q"])
        _ = try await e2e.waitForScreen("quit prompt") { $0.contains("(y/n)") }
        try e2e.tmux(["send-keys", "-t", session, "y"])
        #expect(try await e2e.exitStatus(exitFile, timeout: 120) == "EXIT=0")
        let final = try SearchSnapshot.read(from: snapshot)
        #expect(final.finished)
        #expect(final.layers[1].pin == LayerPin(weight: 0, activation: nil))
        #expect(final.strategy.weight[1] == 0)
    }

    /// The process the pane's shell runs (the shell itself waits for it).
    func child(ofPaneShellIn e2e: EndToEndTests) throws -> Int32? {
        let shell = try #require(Int32(e2e.tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"], capture: true)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let text = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return text?.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Runs after the other test of this suite on the same private tmux server, so no
    /// third tmux suite competes with the two others for a loaded machine's cores.
    @Test(.enabled(if: EndToEndTests.tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func sigtermWritesSnapshotAndExits143() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary.path),
                     "build the binary first: swift build -c release")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-tui-sigterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ResNet20.build(seed: 5)
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: dir.appendingPathComponent("model.safetensors"))
        let exitFile = dir.appendingPathComponent("exit")
        let command = "cd '\(dir.path)' && LANG=C.UTF-8 '\(EndToEndTests.binary.path)' search "
            + "--checkpoint model.safetensors --steps 5000 --calibration 128 --batch 16 --guard-images 64 "
            + "--eval-limit 100 --snapshot snap.json; echo EXIT=$? > '\(exitFile.path)'"
        try e2e.tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
        defer { e2e.stopServer() }

        _ = try await e2e.waitForScreen("search running", timeout: 120) { $0.contains("steps/s") && $0.contains("stage1.block0.conv1") }
        let dqss = try #require(try child(ofPaneShellIn: e2e), "no dqss process under the pane's shell")
        #expect(kill(dqss, SIGTERM) == 0)
        #expect(try await e2e.exitStatus(exitFile, timeout: 120) == "EXIT=143")
        // The search stopped early and its final snapshot is on disk.
        let snapshot = try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json"))
        #expect(snapshot.step > 0 && snapshot.step < 5000, "snapshot at step \(snapshot.step)")
    }
}
