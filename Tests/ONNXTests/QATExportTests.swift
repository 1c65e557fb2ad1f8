import Foundation
import Testing
import Tensor
import NeuralNet
import Datasets
import Quantization
import Search
import Tasks
import ONNX
import TestSupport

/// What a quantization-aware search trained, exported: the network rebuilt
/// from a snapshot and its sidecar, its QAT quantizers (LSQ, PACT, DoReFa on
/// either side) as QuantizeLinear/DequantizeLinear, run by ONNX Runtime.
@Suite(.enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct QATExportTests {
    static func task(train: Int, test: Int) throws -> ClassificationTask {
        let (trainSplit, testSplit) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, s = MNISTFormat.fashionMNISTStd
        return ClassificationTask(train: trainSplit.subset(0..<train).normalized(mean: m, std: s),
                                  test: testSplit.subset(0..<test).normalized(mean: m, std: s), calibrationCount: 128, seed: 0)
    }

    static func config(model: String, warmup: Int) -> SearchConfiguration {
        var config = SearchConfiguration(model: model, mode: .qat, bits: BitWidths(weight: 4, activation: 4),
                                         calibrationImages: 128, batchSize: 32, steps: 4, learningRate: 0.1,
                                         guardAgainstUniform: true, guardImages: 64, evaluationLimit: 100, seed: 3)
        config.warmupSteps = warmup
        config.fineTuneSteps = 2
        return config
    }

    /// A short QAT search; returns the trained network with `strategy` (default: the search's own) and its deployed form.
    /// With `fixed`, trains that one strategy for the same steps instead of searching.
    static func searchAndDeploy(model: Graph, name: String, task: ClassificationTask, warmup: Int = 4, fixed: Strategy? = nil,
                                strategy: ((Int) -> Strategy)? = nil) throws -> (trained: Graph, deployed: Graph) {
        let config = config(model: name, warmup: warmup)
        let url = ONNXExportTests.temporary("qat-export.json")
        defer {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: SnapshotSidecar.url(besides: url))
        }
        var search = try QATSearch(config: config, model: model, task: task, snapshotURL: url, fixed: fixed)
        #expect(search.run(mailbox: CommandMailbox()) { _ in } == .finished)
        let snapshot = try SearchSnapshot.read(from: url)
        let trained = try QATSearch.trainedGraph(config: config, model: model, task: task, snapshot: snapshot, url: url,
                                                 strategy: strategy?(snapshot.layers.count) ?? snapshot.strategy)
        return (trained, try QATDeployment.graph(from: trained))
    }

    /// Top-1 class of every row of [N, classes] logits, computed `chunk` images at a time.
    static func top1(_ graph: Graph, _ images: Tensor, chunk: Int = 1_000) -> [Int] {
        var out: [Int] = []
        for start in stride(from: 0, to: images.shape[0], by: chunk) {
            out += top1(graph.forward(images.rows(Array(start..<min(start + chunk, images.shape[0])))).output)
        }
        return out
    }

    static func top1(_ logits: Tensor) -> [Int] {
        let classes = logits.shape[1]
        return (0..<logits.shape[0]).map { i in
            let row = Array(logits.scalars[(i * classes)..<((i + 1) * classes)])
            return row.firstIndex(of: row.max()!)!
        }
    }

    static func exported(_ deployed: Graph) throws -> URL {
        let url = ONNXExportTests.temporary("qat-export.onnx")
        try ONNXExporter.export(deployed).model.write(to: url)
        return url
    }

    @Test("every QAT quantizer on each side exports: ONNX Runtime computes what dqss does")
    func everyQuantizerExports() throws {
        let task = try Self.task(train: 256, test: 1_000)
        // Layer l takes weight candidate l mod 3 and activation candidate (l + 1) mod 3: LSQ, PACT and DoReFa each appear on both sides.
        let (trained, deployed) = try Self.searchAndDeploy(
            model: try SmallClassifier.graph(name: "qat-export"), name: "qat-export", task: task,
            strategy: { n in Strategy(weight: (0..<n).map { $0 % 3 }, activation: (0..<n).map { ($0 + 1) % 3 }) })
        let onnx = try Self.exported(deployed)
        defer { try? FileManager.default.removeItem(at: onnx) }
        let images = task.test.images
        let ort = try PythonRuntime.infer(model: onnx, input: images)
        let dqss = deployed.forward(images).output
        #expect(scaledDifference(ort, dqss) <= 1e-3, "logits differ by \(scaledDifference(ort, dqss)) relative to their scale")
        let q = Self.top1(trained, images), o = Self.top1(ort), d = Self.top1(dqss)
        let agree = zip(q, o).filter { $0 == $1 }.count, agreeDeployed = zip(q, d).filter { $0 == $1 }.count
        #expect(agree >= 999, "QAT network vs ONNX Runtime: top-1 agreement \(agree)/1000")
        #expect(agreeDeployed >= 999, "QAT network vs its deployed form: \(agreeDeployed)/1000")
        // The logits depend on the image (a constant output would agree trivially).
        let first = Array(ort.scalars[0..<10])
        #expect((1..<1_000).contains { i in Array(ort.scalars[(i * 10)..<((i + 1) * 10)]) != first })
    }

    /// Trained as LSQ/LSQ throughout (the strategy a longer search settles on), so that 46 steps give a working network.
    @Test("QDQ export of a QAT-trained ResNet-20 at W4A4: ONNX Runtime agrees ≥ 99.9% on all 10,000 test images, at dqss's accuracy")
    func trainedResNet20OnTheTestSplit() throws {
        let task = try Self.task(train: 2_048, test: 10_000)
        let model = try CommittedModelONNXTests.trained("resnet20")
        let lsq = Strategy.uniform(layers: PTQCalibration.quantizableLayers(model).count, weight: 0, activation: 0)
        let (trained, deployed) = try Self.searchAndDeploy(model: model, name: "resnet20", task: task, warmup: 40, fixed: lsq)
        let onnx = try Self.exported(deployed)
        defer { try? FileManager.default.removeItem(at: onnx) }
        let images = task.test.images, labels = task.test.labels.map(Int.init)
        let o = Self.top1(try PythonRuntime.infer(model: onnx, input: images)), q = Self.top1(trained, images)
        let count = labels.count
        let agree = zip(q, o).filter { $0 == $1 }.count
        let correct = zip(o, labels).filter { $0 == $1 }.count, correctQAT = zip(q, labels).filter { $0 == $1 }.count
        #expect(Double(agree) / Double(count) >= 0.999, "QAT network vs ONNX Runtime: top-1 agreement \(agree)/\(count)")
        #expect(abs(correct - correctQAT) <= count / 1_000, "ONNX Runtime \(correct) vs dqss \(correctQAT) correct of \(count)")
        // A working classifier (chance is 10%), not a collapsed one whose outputs agree trivially.
        #expect(correct >= count / 2, "ONNX Runtime's accuracy on the exported model: \(correct)/\(count)")
    }

    @Test("a soft QAT layer is not deployable, and says which layer")
    func softLayerIsRefused() throws {
        let op = QATLayerOp(layer: .linear(inFeatures: 4, outFeatures: 2), hasBias: false,
                            weightQuantizers: [DoReFaWeightQuantizer(bits: 4)],
                            activationQuantizers: [PACTQuantizer(bits: 4, alpha: 1, signed: false)])
        var b = GraphBuilder(name: "soft", inputShape: [4], seed: 1)
        try b.add("fc", op)
        #expect(throws: QATDeployment.Failure.softSelection(layer: "fc")) { try QATDeployment.graph(from: b.graph) }
    }
}
