import Foundation
import Testing
import Tensor
import NeuralNet
import Search
import ONNX

/// Exported CNN families (torchvision, timm and paddle2onnx node patterns):
/// dqss's import against ONNX Runtime, every convolution and linear layer
/// searchable, and dqss's own export of the import back through ONNX Runtime.
@Suite("ONNX architectures people export", .serialized,
       .enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct ONNXArchitectureTests {
    @Test(arguments: ArchitectureFixtures.names)
    func importMatchesONNXRuntime(_ name: String) throws {
        let f = try ArchitectureFixtures.fixture(name)
        let graph = try f.graph()
        let y = graph.forward(f.input).output
        try #require(y.shape == f.output.shape, "\(name): dqss output \(y.shape), ONNX Runtime \(f.output.shape)")
        let diff = scaledDifference(y, f.output)
        #expect(diff <= 1e-4, "\(name): max difference \(diff) relative to the output scale")
        var folded = graph
        try folded.foldBatchNorms()
        #expect(PTQCalibration.quantizableLayers(folded).count == f.quantizableLayers,
                "\(name): every Conv, Gemm and MatMul must be a searchable layer")
    }

    @Test(arguments: ArchitectureFixtures.names)
    func exportRunsInONNXRuntimeAtAnotherSize(_ name: String) throws {
        let f = try ArchitectureFixtures.fixture(name)
        let graph = try f.graph()
        let url = ONNXExportTests.temporary("\(name)-reexport.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        let model = try ONNXExporter.export(graph).model
        // Globally pooled classifiers keep H and W dynamic in the export; a
        // Keras model keeps its [N, H, W, C] input (and its Flatten, its size).
        let hw: Int? = f.fixedSize ? f.size : nil
        let expected = f.channelsLast ? [nil, hw, hw, 3] : [nil, 3, hw, hw]
        #expect(model.graph.inputs[0].shape == expected, "\(name): exported input \(model.graph.inputs[0].shape)")
        try model.write(to: url)
        var rng = SeededGenerator(seed: 5)
        let side = f.fixedSize ? f.size : f.size + 32
        let x = Tensor.randomNormal([1, side, side, 3], generator: &rng)
        let ort = try PythonRuntime.infer(model: url, input: x, channelsLast: f.channelsLast)
        let ours = try ONNXImporter.importGraph(contentsOf: url, inputSize: f.fixedSize ? nil : (side, side)).forward(x).output
        #expect(scaledDifference(ours, ort) <= 1e-4, "\(name) at \(side)×\(side)")
    }
}
