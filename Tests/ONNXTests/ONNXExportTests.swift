import Foundation
import Testing
import Tensor
import NeuralNet
import Quantization
import Datasets
import Search
import ONNX

/// dqss → ONNX: float exports (run in ONNX Runtime and imported back) and the
/// QDQ export of a quantization strategy.
struct ONNXExportTests {
    static func zoo(_ name: String, seed: UInt64 = 3) throws -> Graph {
        var g = try ModelZoo.entry(name).build(seed)
        g.name = name
        // Non-trivial batch-norm statistics so BatchNormalization is really exercised.
        var rng = SeededGenerator(seed: seed)
        for key in g.parameters.keys.sorted() where key.hasSuffix("running_var") || key.hasSuffix("running_mean") {
            let t = g.parameters[key]!
            let noise = Tensor.randomUniform(t.shape, low: 0.1, high: 0.5, generator: &rng)
            g.parameters[key] = Tensor(shape: t.shape, scalars: zip(t.scalars, noise.scalars).map { $0 + $1 })
        }
        return g
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dqss-\(UUID().uuidString)-\(name)")
    }

    @Test(arguments: ["resnet20", "mobilenetv2"])
    func floatExportRoundTripsExactly(_ name: String) throws {
        let graph = try Self.zoo(name)
        let bytes = try ONNXExporter.export(graph).model.encode()
        let back = try ONNXImporter.importGraph(try ONNXModel.decode(bytes), name: name)
        #expect(back.nodes.map(\.name) == graph.nodes.map(\.name))
        #expect(back.parameters == graph.parameters)
        var rng = SeededGenerator(seed: 5)
        let x = Tensor.randomNormal([3] + graph.inputShape, std: 1, generator: &rng)
        #expect(back.forward(x).output == graph.forward(x).output)
    }

    @Test(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"),
          arguments: ["resnet20", "mobilenetv2", "edsr-x2", "srresnet-x4"])
    func floatExportMatchesONNXRuntime(_ name: String) throws {
        var graph = try Self.zoo(name)
        if try ModelZoo.entry(name).task == .superResolution {
            // A small LR patch keeps the check fast.
            graph = try Self.resized(graph, side: 12)
        }
        let url = Self.temporary("\(name).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try ONNXExporter.export(graph).model.write(to: url)
        var rng = SeededGenerator(seed: 9)
        let x = Tensor.randomNormal([4] + graph.inputShape, std: 1, generator: &rng)
        let expected = graph.forward(x).output
        let ort = try PythonRuntime.infer(model: url, input: x)
        let diff = scaledDifference(ort, expected)
        #expect(diff <= 1e-4, "\(name): ONNX Runtime differs from dqss by \(diff) relative to the output scale")
    }

    /// A graph using every op dqss exports that the zoo models do not:
    /// transposed convolution, LeakyReLU, Sigmoid, Concat, max and average
    /// pooling (both padding conventions), nearest and bilinear upsampling,
    /// PReLU, element-wise Multiply, constant scaling and shifting.
    static func everyOpGraph() throws -> Graph {
        var b = GraphBuilder(name: "every-op", inputShape: [8, 8, 3], seed: 11)
        try b.add("conv", Conv2DOp(ConvGeometry(inChannels: 3, outChannels: 4, kernel: 3, padding: 1), bias: true))
        let leaky = try b.add("leaky", LeakyReLUOp(slope: 0.2))
        try b.add("deconv", ConvTranspose2DOp(ConvTransposeGeometry(inChannels: 4, outChannels: 4, kernel: 3, stride: 2,
                                                                    padding: 1, outputPadding: 1), bias: true))
        try b.add("sigmoid", SigmoidOp())
        let pooled = try b.add("maxpool", MaxPoolOp(PoolGeometry(kernel: 2)))
        try b.add("concat", ConcatOp(), inputs: [pooled, leaky])
        try b.add("avgpool", AvgPoolOp(PoolGeometry(kernel: 3, stride: 1, padding: 1), countIncludePad: false))
        let nearest = try b.add("nearest", UpsampleOp(factor: 2, mode: .nearest))
        let bilinear = try b.add("bilinear", UpsampleOp(factor: 2, mode: .bilinear))
        let prelu = try b.add("prelu", PReLUOp(channels: 8))
        try b.add("product", MultiplyOp(), inputs: [prelu, bilinear])
        try b.add("avgpool2", AvgPoolOp(PoolGeometry(kernel: 2), countIncludePad: true))
        try b.add("sum", AddOp(), inputs: ["avgpool2", nearest])
        try b.add("project", Conv2DOp(ConvGeometry(inChannels: 8, outChannels: 2, kernel: 1), bias: true))
        try b.add("scale", ScaleOp(factor: 0.5))
        try b.add("shift", MeanShiftOp(offsets: [0.25, -0.5]))
        var g = b.graph
        // PReLU slopes differ per channel and from their 0.25 start.
        g.parameters["prelu.weight"] = Tensor(shape: [8], scalars: (0..<8).map { Float($0) * 0.1 - 0.3 })
        return g
    }

    @Test(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
    func everyExportedOpRunsInONNXRuntime() throws {
        let graph = try Self.everyOpGraph()
        let url = Self.temporary("every-op.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try ONNXExporter.export(graph).model.write(to: url)
        var rng = SeededGenerator(seed: 13)
        let x = Tensor.randomNormal([3] + graph.inputShape, std: 1, generator: &rng)
        let expected = graph.forward(x).output
        let ort = try PythonRuntime.infer(model: url, input: x)
        #expect(ort.shape == expected.shape)
        #expect(scaledDifference(ort, expected) <= 1e-4)
        // And back: the import of the export computes the same function.
        let back = try ONNXImporter.importGraph(contentsOf: url)
        #expect(back.forward(x).output == expected)
    }

    /// The same graph with its convolution, transposed convolution and 1×1
    /// projection quantized (W4A4, calibrators mixed per layer) as QDQ.
    @Test(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
    func quantizedEveryOpGraphMatchesONNXRuntime() throws {
        let graph = try Self.everyOpGraph()
        var rng = SeededGenerator(seed: 17)
        let calibration = Tensor.randomNormal([32] + graph.inputShape, std: 1, generator: &rng)
        let ptq = PTQCalibration(weightMethods: [.minmax, .mse], activationMethods: [.percentile, .mse],
                                 bits: BitWidths(weight: 4, activation: 4))
        var supernet = try Supernet(float: graph, candidates: ptq.calibrate(graph, images: calibration), freezeWeights: true)
        #expect(supernet.layers == ["conv", "deconv", "project"])
        supernet.apply(Strategy(weight: [0, 1, 0], activation: [1, 0, 1]))
        let url = Self.temporary("every-op-qdq.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try ONNXExporter.export(supernet.graph).model.write(to: url)
        let x = Tensor.randomNormal([8] + graph.inputShape, std: 1, generator: &rng)
        let expected = supernet.graph.forward(x).output
        let ort = try PythonRuntime.infer(model: url, input: x)
        try #require(ort.shape == expected.shape)
        // Elementwise: a value within float rounding of a 4-bit boundary may
        // round the other way in another runtime, so a rare outlier is allowed.
        let scale = max(1, expected.scalars.map(abs).max()!)
        let close = zip(ort.scalars, expected.scalars).filter { abs($0 - $1) <= 1e-4 * scale }.count
        #expect(Double(close) / Double(expected.count) >= 0.999, "\(close)/\(expected.count) outputs agree")
    }

    /// A super-resolution graph rebuilt for another input size (same parameters).
    static func resized(_ g: Graph, side: Int) throws -> Graph {
        var out = Graph(name: g.name, inputName: g.inputName, inputShape: [side, side, g.inputShape[2]])
        var gen = SeededGenerator(seed: 0)
        for node in g.nodes.dropFirst() { try out.add(node.name, node.op, inputs: node.inputs, generator: &gen) }
        out.parameters = g.parameters
        out.outputName = g.outputName
        return out
    }

    /// Uniform W4/A4 strategy on ResNet-20 (fresh weights, BN folded,
    /// calibrated on Fashion-MNIST): ONNX Runtime on the QDQ model agrees with
    /// dqss's simulated quantized forward pass.
    @Test(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"),
          arguments: [(4, 4), (2, 3), (8, 8)])
    func qdqExportMatchesSimulatedQuantization(_ bits: (Int, Int)) throws {
        let (train, test) = try MNISTFormat.load(folder: "/usr/share/datasets/fashion-mnist")
        let mean = MNISTFormat.fashionMNISTMean, std = MNISTFormat.fashionMNISTStd
        let calibration = Self.slice(train.normalized(mean: mean, std: std).images, 0..<64)
        let images = Self.slice(test.normalized(mean: mean, std: std).images, 0..<300)
        var graph = try Self.zoo("resnet20")
        try graph.foldBatchNorms()
        let ptq = PTQCalibration(weightMethods: [.minmax, .mse], activationMethods: [.minmax, .percentile],
                                 bits: BitWidths(weight: bits.0, activation: bits.1))
        let candidates = ptq.calibrate(graph, images: calibration)
        var supernet = try Supernet(float: graph, candidates: candidates, freezeWeights: true)
        // Mixed choices: layer parity picks the candidate.
        let n = supernet.layers.count
        supernet.apply(Strategy(weight: (0..<n).map { $0 % 2 }, activation: (0..<n).map { ($0 / 2) % 2 }))
        let (model, encodings) = try ONNXExporter.export(supernet.graph)
        // Weight and input activation per layer; a bias too (BN folding gave every layer one).
        #expect(encodings.filter { $0.role == "weight" }.count == n)
        #expect(encodings.filter { $0.role == "activation" }.count == n)
        #expect(encodings.filter { $0.role == "bias" }.count == n)
        #expect(encodings.filter { $0.role == "bias" }.allSatisfy { $0.bits == 32 && $0.zeroPoints.allSatisfy { $0 == 0 } })
        let url = Self.temporary("qdq.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        let expected = supernet.graph.forward(images).output
        let ort = try PythonRuntime.infer(model: url, input: images)
        let classes = expected.shape[1]
        var agree = 0
        for i in 0..<images.shape[0] {
            let a = Array(expected.scalars[(i * classes)..<((i + 1) * classes)])
            let b = Array(ort.scalars[(i * classes)..<((i + 1) * classes)])
            if a.firstIndex(of: a.max()!) == b.firstIndex(of: b.max()!) { agree += 1 }
        }
        let diff = scaledDifference(ort, expected)
        #expect(Double(agree) / Double(images.shape[0]) >= 0.999, "top-1 agreement \(agree)/\(images.shape[0])")
        #expect(diff <= 1e-3, "W\(bits.0)A\(bits.1): logits differ by \(diff) relative to their scale")
    }

    static func slice(_ t: Tensor, _ r: Range<Int>) -> Tensor {
        let per = t.count / t.shape[0]
        return Tensor(shape: [r.count] + t.shape.dropFirst(), scalars: Array(t.scalars[(r.lowerBound * per)..<(r.upperBound * per)]))
    }
}
