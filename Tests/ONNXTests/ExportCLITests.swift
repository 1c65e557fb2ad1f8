import Foundation
import Testing
import Tensor
import NeuralNet
import Search
import ONNX

/// The real `dqss` binary: export a built-in model to ONNX, search on the
/// imported file, and export the searched strategy as QDQ and encodings.
@Suite(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct ExportCLITests {
    static let binary = PythonRuntime.root.appendingPathComponent(".build/release/dqss")

    func dqss(_ arguments: [String], in dir: URL) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = arguments
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func exportSearchAndQDQExportFromTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ModelZoo.entry("resnet20").build(11)
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: dir.appendingPathComponent("model.safetensors"))

        let fp = try dqss(["export", "--checkpoint", "model.safetensors", "--format", "onnx", "-o", "net.onnx"], in: dir)
        #expect(fp.status == 0, "\(fp.output)")
        let search = try dqss(["search", "--headless", "--model", "net.onnx", "--steps", "3", "--calibration", "64",
                               "--batch", "16", "--guard-images", "32", "--eval-limit", "50",
                               "--snapshot", "snap.json"], in: dir)
        #expect(search.status == 0, "\(search.output)")
        let snapshot = try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json"))
        #expect(snapshot.model == "net")

        let qdq = try dqss(["export", "--model", "net.onnx", "--strategy", "snap.json", "--format", "onnx-qdq", "-o", "q.onnx"], in: dir)
        #expect(qdq.status == 0, "\(qdq.output)")
        let enc = try dqss(["export", "--model", "net.onnx", "--strategy", "snap.json", "--format", "encodings", "-o", "q.json"], in: dir)
        #expect(enc.status == 0, "\(enc.output)")
        let encodings = try JSONDecoder().decode(ONNXQuantEncodings.self, from: Data(contentsOf: dir.appendingPathComponent("q.json")))
        #expect(encodings.tensors.count == 2 * snapshot.layers.count)

        // The QDQ file runs in ONNX Runtime.
        var rng = SeededGenerator(seed: 1)
        let x = Tensor.randomNormal([2, 1, 28, 28], std: 1, generator: &rng)
        let y = try PythonRuntime.infer(model: dir.appendingPathComponent("q.onnx"), input: x)
        #expect(y.shape == [2, 10])

        let missing = try dqss(["export", "--model", "net.onnx", "--format", "onnx-qdq", "-o", "x.onnx"], in: dir)
        #expect(missing.status != 0 && missing.output.contains("--strategy"))
    }
}
