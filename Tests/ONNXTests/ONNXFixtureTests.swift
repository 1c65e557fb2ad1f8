import Foundation
import Testing
import Tensor
import NeuralNet
import ONNX

/// Hand-made ONNX graphs (every supported op) imported and run by dqss,
/// against ONNX Runtime's outputs.
@Suite(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct ONNXFixtureTests {
    @Test(arguments: PythonRuntime.fixtureNames)
    func importedGraphMatchesONNXRuntime(_ name: String) throws {
        let dir = try #require(PythonRuntime.fixtures, "scripts/onnx/make_fixtures.py failed")
        let graph = try ONNXImporter.importGraph(contentsOf: dir.appendingPathComponent("\(name).onnx"))
        let x = PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("\(name).input.npy")))
        let expected = PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("\(name).output.npy")))
        let y = graph.forward(x).output
        #expect(y.count == expected.count, "\(name): dqss output \(y.shape), ONNX Runtime \(expected.shape)")
        guard y.count == expected.count else { return }
        let diff = scaledDifference(y, expected)
        #expect(diff <= 1e-4, "\(name): max difference \(diff) relative to the output scale")
    }

    @Test func dcrDepthToSpaceReordersTheConvolution() throws {
        let dir = try #require(PythonRuntime.fixtures)
        let graph = try ONNXImporter.importGraph(contentsOf: dir.appendingPathComponent("depth_to_space_dcr.onnx"))
        #expect(graph.nodes.map(\.op.kind) == ["input", "conv2d", "pixelshuffle"])
    }

    @Test func padIsAbsorbedByTheConvolution() throws {
        let dir = try #require(PythonRuntime.fixtures)
        let graph = try ONNXImporter.importGraph(contentsOf: dir.appendingPathComponent("pad_conv.onnx"))
        let conv = try #require(graph.nodes.compactMap { $0.op as? Conv2DOp }.first)
        #expect(conv.geometry.padH == 1 && conv.geometry.padW == 2)
        #expect(!graph.nodes.contains { $0.op.kind == "pad" })
    }
}
