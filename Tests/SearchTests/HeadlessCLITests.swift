import Testing
import Foundation
import Tensor
import NeuralNet
import Search

/// Runs the real `dqss` binary (built by `make test`) as a person or a script would.
@Suite("Headless search binary", .serialized)
struct HeadlessCLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/release/dqss")

    /// A fresh folder holding an (untrained) ResNet-20 checkpoint, optionally poisoned with NaN.
    func workspace(poison: Bool = false) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var graph = try ResNet20.build(seed: 4)
        if poison { graph.parameters["fc.bias"]![flat: 0] = .nan }
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: dir.appendingPathComponent("model.safetensors"))
        return dir
    }

    func launch(_ dir: URL, steps: Int) throws -> Process {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["search", "--headless", "--checkpoint", dir.appendingPathComponent("model.safetensors").path,
                       "--steps", String(steps), "--calibration", "128", "--batch", "16", "--guard-images", "64",
                       "--eval-limit", "100", "--snapshot", dir.appendingPathComponent("snap.json").path,
                       "--events", dir.appendingPathComponent("events.jsonl").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        ChildWatchdog.watch(p)
        return p
    }

    func waitForExit(_ p: Process, seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if p.isRunning { p.terminate(); Issue.record("dqss did not exit within \(seconds) s") }
    }

    @Test("SIGINT writes a resumable snapshot and exits 130")
    func interruptWritesSnapshot() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try launch(dir, steps: 100_000)
        defer { ChildWatchdog.end(p) }
        let events = dir.appendingPathComponent("events.jsonl")
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            if let text = try? String(contentsOf: events, encoding: .utf8), text.contains("\"step\"") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(p.processIdentifier, SIGINT)
        try await waitForExit(p, seconds: 60)
        #expect(p.terminationStatus == 130)
        let snapshot = try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json"))
        #expect(snapshot.step > 0 && !snapshot.finished)
        #expect(snapshot.model == "resnet20")
    }

    @Test("weights with a NaN are refused before the search starts: non-zero exit, no snapshot")
    func nonFiniteWeightsRefused() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = try workspace(poison: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try launch(dir, steps: 50)
        defer { ChildWatchdog.end(p) }
        try await waitForExit(p, seconds: 180)
        #expect(p.terminationStatus == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("snap.json").path))
    }
}
