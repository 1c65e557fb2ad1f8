import Foundation
import Testing
import Tensor
import NeuralNet
import Quantization
import Datasets
import Search
import ONNX

/// The committed, trained checkpoints through ONNX: written as ONNX by an
/// independent Python description (scripts/onnx/checkpoint_to_onnx.py),
/// imported by dqss and run by ONNX Runtime; and a mixed W4A4 strategy on them
/// exported as QDQ and run by ONNX Runtime on real data.
@Suite("Committed models through ONNX", .serialized,
       .enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct CommittedModelONNXTests {
    static let root = PythonRuntime.root

    static func trained(_ name: String) throws -> Graph {
        var graph = try ModelZoo.entry(name).build(0)
        try graph.loadParameters(SafeTensors.read(root.appendingPathComponent("Assets/models/\(name).safetensors")).tensors)
        return graph
    }

    /// Fashion-MNIST test images `range`, normalised as in training.
    static func testImages(_ range: Range<Int>) throws -> LabeledImages {
        let (_, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        return test.subset(range).normalized(mean: MNISTFormat.fashionMNISTMean, std: MNISTFormat.fashionMNISTStd)
    }

    /// The evaluation photos' centre `2·side × 2·side` HR crops and their bicubic LR versions, batched.
    static func photoBatch(lrSide side: Int, scale: Int) throws -> (lr: Tensor, hr: [RGBImage]) {
        let photos = try EvaluationPhotos.load(folder: root.appendingPathComponent("Assets/photos").path)
        let hr = photos.map { p in
            p.image.cropped(x: (p.image.width - side * scale) / 2, y: (p.image.height - side * scale) / 2,
                            width: side * scale, height: side * scale)
        }
        let lr = hr.map { $0.bicubicDownscaled(by: scale).tensor.scalars }
        return (Tensor(shape: [hr.count, side, side, 3], scalars: lr.flatMap { $0 }), hr)
    }

    static func images(_ batch: Tensor) -> [RGBImage] {
        let per = batch.count / batch.shape[0]
        return (0..<batch.shape[0]).map {
            RGBImage(tensor: Tensor(shape: Array(batch.shape.dropFirst()), scalars: Array(batch.scalars[($0 * per)..<(($0 + 1) * per)])))
        }
    }

    static func onnxFromCheckpoint(_ name: String, lrSide: Int? = nil) throws -> URL {
        let url = ONNXExportTests.temporary("\(name).onnx")
        var args = [root.appendingPathComponent("scripts/onnx/checkpoint_to_onnx.py").path, name,
                    root.appendingPathComponent("Assets/models/\(name).safetensors").path, url.path]
        if let s = lrSide { args += ["\(s)", "\(s)"] }
        let r = PythonRuntime.run(args)
        try #require(r.status == 0, "checkpoint_to_onnx.py failed: \(r.output)")
        return url
    }

    @Test("Imported classifier checkpoints: ONNX Runtime, dqss's import and the zoo model agree",
          arguments: ["resnet20", "mobilenetv2"])
    func importedClassifier(_ name: String) throws {
        let url = try Self.onnxFromCheckpoint(name)
        defer { try? FileManager.default.removeItem(at: url) }
        let imported = try ONNXImporter.importGraph(contentsOf: url)
        let x = try Self.testImages(0..<256).images
        let ours = imported.forward(x).output
        let ort = try PythonRuntime.infer(model: url, input: x)
        let zoo = try Self.trained(name).forward(x).output
        #expect(scaledDifference(ours, ort) <= 1e-4)
        #expect(scaledDifference(ours, zoo) <= 1e-5)
    }

    @Test("Imported super-resolution checkpoints: ONNX Runtime, dqss's import and the zoo model agree on photos",
          arguments: ["edsr-x2", "edsr-x4", "srresnet-x4"])
    func importedSuperResolution(_ name: String) throws {
        let side = 32
        let url = try Self.onnxFromCheckpoint(name, lrSide: side)
        defer { try? FileManager.default.removeItem(at: url) }
        let imported = try ONNXImporter.importGraph(contentsOf: url)
        let zooGraph = try Self.trained(name)
        // Sub of the RGB mean arrives as the same constant shift the zoo model uses: same layers.
        #expect(imported.nodes.filter { $0.op is Conv2DOp }.count == zooGraph.nodes.filter { $0.op is Conv2DOp }.count)
        let (lr, _) = try Self.photoBatch(lrSide: side, scale: try ModelZoo.entry(name).scale)
        let ours = imported.forward(lr).output
        let ort = try PythonRuntime.infer(model: url, input: lr)
        let zoo = try ONNXExportTests.resized(zooGraph, side: side).forward(lr).output
        #expect(scaledDifference(ours, ort) <= 1e-4)
        #expect(scaledDifference(ours, zoo) <= 1e-5)
    }

    /// A W4A4 strategy that mixes calibrators layer by layer (as a search
    /// derives), on a BN-folded copy of `graph`.
    static func mixedW4A4(_ graph: Graph, calibration: Tensor) throws -> Supernet {
        var folded = graph
        try folded.foldBatchNorms()
        let ptq = PTQCalibration(weightMethods: [.minmax, .mse, .aciq], activationMethods: [.percentile, .mse, .kl],
                                 bits: BitWidths(weight: 4, activation: 4))
        var supernet = try Supernet(float: folded, candidates: ptq.calibrate(folded, images: calibration), freezeWeights: true)
        let n = supernet.layers.count
        supernet.apply(Strategy(weight: (0..<n).map { $0 % 3 }, activation: (0..<n).map { ($0 / 3) % 3 }))
        return supernet
    }

    @Test("QDQ export of the trained ResNet-20 at W4A4: top-1 agreement with ONNX Runtime ≥ 99.9% on all 10,000 test images")
    func qdqResNet20OnTheTestSplit() throws {
        let (train, _) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let calibration = train.subset(0..<256).normalized(mean: MNISTFormat.fashionMNISTMean, std: MNISTFormat.fashionMNISTStd)
        let supernet = try Self.mixedW4A4(try Self.trained("resnet20"), calibration: calibration.images)
        let url = ONNXExportTests.temporary("resnet20-qdq.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try ONNXExporter.export(supernet.graph).model.write(to: url)

        let test = try Self.testImages(0..<10_000)
        let ort = try PythonRuntime.infer(model: url, input: test.images)
        var expected: [Float] = []
        for start in stride(from: 0, to: 10_000, by: 1_000) {
            expected += supernet.graph.forward(test.images.rows(Array(start..<(start + 1_000)))).output.scalars
        }
        var agree = 0, correct = 0
        for i in 0..<10_000 {
            let a = Array(expected[(i * 10)..<((i + 1) * 10)]), b = Array(ort.scalars[(i * 10)..<((i + 1) * 10)])
            let ca = a.firstIndex(of: a.max()!)!, cb = b.firstIndex(of: b.max()!)!
            if ca == cb { agree += 1 }
            if cb == Int(test.labels[i]) { correct += 1 }
        }
        #expect(agree >= 9_990, "top-1 agreement \(agree)/10000")
        // The exported model is a working classifier, not just a consistent one.
        #expect(correct >= 8_500, "ONNX Runtime's accuracy on the QDQ model: \(correct)/10000")
    }

    @Test("QDQ export of the trained EDSR ×2 at W4A4: every node agrees with ONNX Runtime on ONNX Runtime's own inputs, and PSNR(Y) agrees")
    func qdqEDSRPSNR() throws {
        let side = 48
        let (lr, hr) = try Self.photoBatch(lrSide: side, scale: 2)
        let model = try ONNXExportTests.resized(try Self.trained("edsr-x2"), side: side)
        let supernet = try Self.mixedW4A4(model, calibration: lr)
        let url = ONNXExportTests.temporary("edsr-qdq.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try ONNXExporter.export(supernet.graph).model.write(to: url)

        // Node by node, each fed ONNX Runtime's own input values. End to end,
        // two correct float implementations of one 4-bit network part where
        // a sum lands within an ulp of a rounding boundary: one code flips and
        // the residual body carries it to a whole region (one photo here moves
        // 0.02 dB that way). Fed the same inputs, nothing can cascade, so every
        // node must agree to float precision; a quantizer may disagree only on
        // a value within float noise of a tie (dqss multiplies by 1/s, ONNX
        // Runtime divides by s).
        let graph = supernet.graph
        let ort = try PythonRuntime.inferEveryNode(model: url, input: lr)
        func value(_ name: String) -> Tensor? { name == graph.inputName ? lr : ort[name] }
        var checkedQuantizers = 0
        for node in graph.nodes where node.name != graph.inputName {
            guard let expected = ort[node.name] else {
                Issue.record("node \(node.name) has no output of that name in the exported model")
                continue
            }
            var inputs = node.inputs.compactMap(value)
            if let q = node.op as? QuantizedLayerOp, case .fixed(let i) = q.activationSelection,
               let source = inputs.first, let dequantized = ort["\(node.name).input_dequantized"] {
                let params = q.activationCandidates[i], scale = params.scales[0]
                let ours = FakeQuant.forward(source, params)
                var ties = 0
                for k in 0..<ours.count where ours.scalars[k] != dequantized.scalars[k] {
                    let t = Double(min(max(source.scalars[k], params.clipLow[0]), params.clipHigh[0])) / Double(scale)
                    let offTie = abs(abs(t - t.rounded(.down)) - 0.5)
                    #expect(offTie < 1e-4 && abs(ours.scalars[k] - dequantized.scalars[k]) <= scale * 1.001,
                            "\(node.name) input element \(k): dqss \(ours.scalars[k]), ONNX Runtime \(dequantized.scalars[k]), x/s = \(t)")
                    ties += 1
                }
                #expect(ties * 10_000 <= ours.count, "\(node.name): \(ties) of \(ours.count) codes differ")
                inputs = [dequantized]
                checkedQuantizers += 1
            }
            #expect(inputs.count == node.inputs.count, "node \(node.name): inputs \(node.inputs) not all in the export")
            guard inputs.count == node.inputs.count else { continue }
            let parameters = node.op.parameterSpecs.map { graph.parameters[node.parameterName($0)]! }
            let ours = node.op.forward(inputs, parameters: parameters, context: .inference).output
            #expect(scaledDifference(ours, expected) <= 1e-4, "node \(node.name) (\(node.op.kind))")
        }
        #expect(checkedQuantizers == supernet.layers.count, "\(checkedQuantizers) of \(supernet.layers.count) quantized layers compared")

        // End to end, over the nine photos.
        let ours = Self.images(graph.forward(lr).output)
        let outputs = Self.images(ort[graph.outputName]!)
        let bicubic = hr.map { $0.bicubicDownscaled(by: 2).bicubicUpscaled(by: 2) }
        var meanOurs = 0.0, meanORT = 0.0, meanBicubic = 0.0
        for i in hr.indices {
            meanOurs += ImageQuality.psnrY(ours[i], hr[i], border: 2) / Double(hr.count)
            meanORT += ImageQuality.psnrY(outputs[i], hr[i], border: 2) / Double(hr.count)
            meanBicubic += ImageQuality.psnrY(bicubic[i], hr[i], border: 2) / Double(hr.count)
        }
        #expect(abs(meanOurs - meanORT) <= 0.01, "mean PSNR(Y): dqss \(meanOurs) dB, ONNX Runtime \(meanORT) dB")
        // A 4-bit EDSR still reconstructs: within a few dB of bicubic, not noise.
        #expect(meanOurs > meanBicubic - 3, "W4A4 EDSR \(meanOurs) dB vs bicubic \(meanBicubic) dB")
    }
}
