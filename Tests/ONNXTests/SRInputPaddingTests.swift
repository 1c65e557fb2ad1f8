import Foundation
import Testing
import Tensor
import NeuralNet
import Training
import ONNX

/// A super-resolution model of unpadded convolutions (output 8 pixels short
/// of 2× its input): the padding inferred from its shapes, the padded graph
/// against ONNX Runtime on the padded input, and an export that leaves the
/// model as the user gave it with the padding in its metadata.
@Suite(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct SRInputPaddingTests {
    func model() throws -> (graph: Graph, lr: Tensor, dir: URL) {
        let dir = try #require(PythonRuntime.fixtures, "scripts/onnx/make_fixtures.py failed")
        let graph = try ONNXImporter.importGraph(contentsOf: dir.appendingPathComponent("sr_unpadded.onnx"))
        let lr = PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("sr_unpadded.input.npy")))
        return (graph, lr, dir)
    }

    @Test(arguments: [InputPadding.Mode.edge, .reflect])
    func paddedGraphMatchesONNXRuntimeOnThePaddedInput(_ mode: InputPadding.Mode) throws {
        let (graph, lr, dir) = try model()
        #expect(graph.inputShape == [14, 16, 3] && graph.outputShape == [20, 24, 3])
        let pixels = try SRInputPadding.pixels(for: graph)
        #expect(pixels == 2)
        // The file is fixed at 14×16: the padded graph takes 10×12 images and keeps every layer's size.
        let padded = try graph.paddingInput(InputPadding(pixels: 2, mode: mode), inputShape: [10, 12, 3])
        #expect(padded.outputShape == [20, 24, 3])
        #expect(padded.inputPadding == InputPadding(pixels: 2, mode: mode))
        let expected = PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("sr_unpadded.\(mode.rawValue).output.npy")))
        let y = padded.forward(lr).output
        try #require(y.shape == expected.shape)
        #expect(scaledDifference(y, expected) <= 1e-4, "\(mode)")
    }

    @Test func paddingThatDoesNotFitIsRefusedWithWhatFits() throws {
        let (graph, _, _) = try model()
        #expect(throws: SRInputPadding.Failure.wrongPadding(given: 3, scale: 2, shortfall: 8)) {
            try SRInputPadding.pixels(for: graph, given: 3)
        }
        #expect(SRInputPadding.Failure.wrongPadding(given: 3, scale: 2, shortfall: 8).errorDescription?.contains("--sr-pad 2") == true)
        // A 2×2 unpadded convolution before ×2 falls 2 pixels short: no symmetric padding fills that.
        var b = GraphBuilder(name: "uneven", inputShape: [8, 8, 3], seed: 1)
        try b.add("conv", Conv2DOp(ConvGeometry(inChannels: 3, outChannels: 12, kernel: 2), bias: true))
        try b.add("shuffle", PixelShuffleOp(upscale: 2))
        #expect(throws: SRInputPadding.Failure.uneven(scale: 2, height: 2, width: 2)) {
            try SRInputPadding.pixels(for: b.graph)
        }
        // An upscaler whose output is already 2× needs none, and a given one is refused.
        var exact = GraphBuilder(name: "exact", inputShape: [8, 8, 3], seed: 1)
        try exact.add("conv", Conv2DOp(ConvGeometry(inChannels: 3, outChannels: 12, kernel: 3, padding: 1), bias: true))
        try exact.add("shuffle", PixelShuffleOp(upscale: 2))
        #expect(try SRInputPadding.pixels(for: exact.graph) == nil)
        #expect(throws: SRInputPadding.Failure.notNeeded(given: 1)) { try SRInputPadding.pixels(for: exact.graph, given: 1) }
    }

    @Test func exportLeavesTheModelAsGivenAndRecordsThePadding() throws {
        let (graph, lr, _) = try model()
        let padded = try graph.paddingInput(InputPadding(pixels: 2, mode: .reflect), inputShape: [10, 12, 3])
        let model = try ONNXExporter.export(padded).model
        #expect(model.metadata[ONNXModel.inputPaddingKey] == "2,reflect")
        #expect(!model.graph.nodes.contains { $0.opType == "Pad" })
        #expect(model.graph.inputs[0].shape == [nil, 3, nil, nil])
        #expect(model.metadata[ONNXModel.inputSizeKey] == "14,16")
        let url = ONNXExportTests.temporary("sr-unpadded.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        // ONNX Runtime runs the export on the input padded as recorded.
        let input = PadOp(top: 2, left: 2, bottom: 2, right: 2, mode: .reflect)
        let x = input.forward([lr], parameters: [], context: .inference).output
        let ort = try PythonRuntime.infer(model: url, input: x)
        #expect(scaledDifference(padded.forward(lr).output, ort) <= 1e-4)
    }
}
