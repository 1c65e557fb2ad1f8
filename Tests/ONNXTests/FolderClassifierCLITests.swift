import Foundation
import Testing
import Tensor
import NeuralNet
import Search
import ONNX

/// The path of a user with their own model and images: a colour [N, 3, 32, 32]
/// ONNX classifier and a labelled folder of PNGs, searched headless, exported
/// as QDQ, and run by ONNX Runtime with the accuracy dqss reported.
@Suite(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct FolderClassifierCLITests {
    @Test func searchExportAndRuntimeAgreeOnAnImageFolder() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ExportCLITests.binary.path), "build dqss first (make test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-folder-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = PythonRuntime.run([PythonRuntime.root.appendingPathComponent("scripts/onnx/make_folder_classifier.py").path, dir.path])
        try #require(made.status == 0, "\(made.output)")
        let cli = ExportCLITests()
        let search = try cli.dqss(["search", "--headless", "--model", "net.onnx", "--data", "images", "--preprocess", "none",
                                   "--steps", "3", "--calibration", "32", "--batch", "16", "--guard-images", "32",
                                   "--snapshot", "snap.json"], in: dir)
        try #require(search.status == 0, "\(search.output)")
        let snapshot = try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json"))
        let recorded = try #require(snapshot.configuration.data)
        #expect(recorded.preprocessing.sampleShape == [32, 32, 3])
        #expect(recorded.data == dir.appendingPathComponent("images").standardizedFileURL.path)
        let float = try #require(snapshot.evaluations.first { $0.kind == .float }?.value)
        let final = try #require(snapshot.evaluations.first { $0.kind == .final }?.value)

        // eval reads the recorded folder and preprocessing: no --data needed.
        let eval = try cli.dqss(["eval", "--model", "net.onnx", "--strategy", "snap.json"], in: dir)
        #expect(eval.status == 0 && eval.output.contains(String(format: "top-1 %.2f (FP %.2f)", final, float)), "\(eval.output)")

        let export = try cli.dqss(["export", "--model", "net.onnx", "--strategy", "snap.json", "--format", "onnx-qdq",
                                   "-o", "q.onnx"], in: dir)
        try #require(export.status == 0, "\(export.output)")
        let inputs = PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("inputs.npy")))
        let labels = try NPY.read(dir.appendingPathComponent("labels.npy")).scalars.map { Int32($0) }
        func accuracy(_ model: String) throws -> Double {
            let logits = try PythonRuntime.infer(model: dir.appendingPathComponent(model), input: inputs)
            let predicted = SoftmaxCrossEntropy.argmax(logits)
            return 100 * Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
        }
        // The same model exported with a dynamic height and width runs at the size --input-size gives.
        let dynamic = PythonRuntime.run(["-c", """
            import onnx; m = onnx.load('\(dir.path)/net.onnx'); d = m.graph.input[0].type.tensor_type.shape.dim
            for k in (2, 3): d[k].ClearField('dim_value'); d[k].dim_param = 'HW'[k - 2]
            onnx.save(m, '\(dir.path)/dynamic.onnx')
            """])
        try #require(dynamic.status == 0, "\(dynamic.output)")
        let common = ["eval", "--data", "images", "--preprocess", "none", "--model", "dynamic.onnx"]
        let refused = try cli.dqss(common, in: dir)
        #expect(refused.status != 0 && refused.output.contains("--input-size H,W"), "\(refused.output)")
        let sized = try cli.dqss(common + ["--input-size", "32,32"], in: dir)
        #expect(sized.status == 0 && sized.output.contains(String(format: "top-1 %.2f%%", float)), "\(sized.output)")

        // One image of the 60 may flip where ONNX Runtime's integer rounding differs from fake quantization.
        #expect(abs(try accuracy("net.onnx") - float) < 1e-9)
        #expect(abs(try accuracy("q.onnx") - final) <= 100.0 / 60 + 1e-9, "dqss reported \(final)")
    }
}
