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
        // Weight, input activation and (BN-folded) bias for every layer.
        #expect(encodings.tensors.count == 3 * snapshot.layers.count)

        // The QDQ file runs in ONNX Runtime.
        var rng = SeededGenerator(seed: 1)
        let x = Tensor.randomNormal([2, 28, 28, 1], std: 1, generator: &rng)
        let y = try PythonRuntime.infer(model: dir.appendingPathComponent("q.onnx"), input: x)
        #expect(y.shape == [2, 10])

        let missing = try dqss(["export", "--model", "net.onnx", "--format", "onnx-qdq", "-o", "x.onnx"], in: dir)
        #expect(missing.status != 0 && missing.output.contains("--strategy"))
    }

    /// The user path of a quantization-aware search: search, then export with
    /// only the snapshot (it names the model; the sidecar holds what QAT trained).
    @Test func qatSearchThenQDQExportFromTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-qat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let search = try dqss(["search", "--headless", "--mode", "qat", "--steps", "2", "--warmup-steps", "1", "--fine-tune-steps", "1",
                               "--calibration", "64", "--batch", "16", "--guard-images", "32", "--eval-limit", "50",
                               "--snapshot", "qat.json"], in: dir)
        try #require(search.status == 0, "\(search.output)")
        let qdq = try dqss(["export", "--strategy", "qat.json", "-o", "q.onnx"], in: dir)
        #expect(qdq.status == 0, "\(qdq.output)")
        #expect(qdq.output.contains("QAT"), "\(qdq.output)")
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.randomNormal([2, 28, 28, 1], std: 1, generator: &rng)
        let y = try PythonRuntime.infer(model: dir.appendingPathComponent("q.onnx"), input: x)
        #expect(y.shape == [2, 10])
        #expect(y.scalars.allSatisfy { $0.isFinite })
    }

    /// A super-resolution model written by another tool (the independent
    /// Python description of the committed EDSR ×2): searched from its ONNX file,
    /// evaluated in PSNR, exported as QDQ.
    @Test func searchOnAnImportedSuperResolutionModel() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-sr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = PythonRuntime.root
        let made = PythonRuntime.run([root.appendingPathComponent("scripts/onnx/checkpoint_to_onnx.py").path, "edsr-x2",
                                      root.appendingPathComponent("Assets/models/edsr-x2.safetensors").path,
                                      dir.appendingPathComponent("sr.onnx").path, "24", "24"])
        try #require(made.status == 0, "\(made.output)")
        // The evaluation photos double as calibration photos here: the test needs no training photos.
        let photos = root.appendingPathComponent("Assets/photos").path
        let search = try dqss(["search", "--headless", "--model", "sr.onnx", "--images", photos, "--photos", photos,
                               "--steps", "2", "--calibration", "8", "--batch", "2", "--guard-images", "4",
                               "--weights", "minmax,mse", "--activations", "minmax,mse", "--eval-limit", "1",
                               "--snapshot", "snap.json"], in: dir)
        #expect(search.status == 0, "\(search.output)")
        #expect(search.output.contains("PSNR"), "\(search.output)")
        let qdq = try dqss(["export", "--model", "sr.onnx", "--strategy", "snap.json", "--format", "onnx-qdq", "-o", "q.onnx"], in: dir)
        #expect(qdq.status == 0, "\(qdq.output)")
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.randomUniform([1, 24, 24, 3], low: 0, high: 1, generator: &rng)
        #expect(try PythonRuntime.infer(model: dir.appendingPathComponent("q.onnx"), input: x).shape == [1, 48, 48, 3])

        // Neither a classifier nor an upscaler: one line that says what is accepted.
        let fixtures = try #require(PythonRuntime.fixtures, "scripts/onnx/make_fixtures.py failed")
        let bad = try dqss(["search", "--headless", "--model", fixtures.appendingPathComponent("residual.onnx").path], in: dir)
        #expect(bad.status != 0)
        #expect(bad.output.contains("[4, 6, 6] to [3, 6, 6]"), "\(bad.output)")
        #expect(bad.output.split(separator: "\n").count == 1, "\(bad.output)")
    }

    /// A super-resolution model of unpadded convolutions, fixed at 28×28 (24×24
    /// images padded by 2): searched with the padding inferred, exported from
    /// the snapshot alone as the model the user gave, the padding in its metadata.
    @Test func searchAndExportAnUnpaddedSuperResolutionModel() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let fixtures = try #require(PythonRuntime.fixtures, "scripts/onnx/make_fixtures.py failed")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-srpad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = fixtures.appendingPathComponent("sr_unpadded_square.onnx").path
        let photos = PythonRuntime.root.appendingPathComponent("Assets/photos").path
        let search = try dqss(["search", "--headless", "--model", model, "--sr-pad-mode", "reflect", "--images", photos, "--photos", photos,
                               "--steps", "2", "--calibration", "8", "--batch", "2", "--guard-images", "4",
                               "--weights", "minmax,mse", "--activations", "minmax,mse", "--eval-limit", "1",
                               "--snapshot", "snap.json"], in: dir)
        try #require(search.status == 0, "\(search.output)")
        #expect(search.output.contains("padded by 2 pixels per side (reflect), inferred"), "\(search.output)")
        let qdq = try dqss(["export", "--strategy", "snap.json", "--format", "onnx-qdq", "-o", "q.onnx"], in: dir)
        try #require(qdq.status == 0, "\(qdq.output)")
        let exported = try ONNXModel.read(dir.appendingPathComponent("q.onnx"))
        #expect(exported.metadata[ONNXModel.inputPaddingKey] == "2,reflect")
        #expect(!exported.graph.nodes.contains { $0.opType == "Pad" })
        var rng = SeededGenerator(seed: 4)
        let x = Tensor.randomUniform([1, 28, 28, 3], low: 0, high: 1, generator: &rng)
        #expect(try PythonRuntime.infer(model: dir.appendingPathComponent("q.onnx"), input: x).shape == [1, 48, 48, 3])

        // A padding that does not fit: one line naming the one that does.
        let bad = try dqss(["eval", "--model", model, "--sr-pad", "3"], in: dir)
        #expect(bad.status != 0)
        #expect(bad.output.contains("--sr-pad 2"), "\(bad.output)")
        #expect(bad.output.split(separator: "\n").count == 1, "\(bad.output)")
        // On a classifier the flags are a mistake, not silently dropped.
        let classifier = try dqss(["eval", "--model", fixtures.appendingPathComponent("classifier.onnx").path, "--sr-pad", "2"], in: dir)
        #expect(classifier.status != 0)
        #expect(classifier.output.contains("apply to super-resolution models"), "\(classifier.output)")
    }
}
