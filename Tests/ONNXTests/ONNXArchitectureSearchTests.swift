import Foundation
import Testing
import Tensor
import NeuralNet
import Quantization
import Search
import Tasks
import ONNX

/// Top-1 agreement with the float model on unlabelled inputs: what a
/// search on an imported classifier without labels can measure.
struct AgreementTask: SearchTask {
    let calibrationInputs: Tensor
    let testInputs: Tensor
    let floatTop1: [Int]
    var metricName: String { "top-1 agreement" }

    init(float graph: Graph, calibration: Tensor, test: Tensor) {
        calibrationInputs = calibration
        testInputs = test
        floatTop1 = Self.top1(graph.forward(test).output)
    }

    func distillation(student: Tensor, teacher: Tensor) -> (loss: Float, gradient: Tensor) {
        KLDivergence.distillation(student: student, teacher: teacher)
    }

    func evaluate(_ graph: Graph, limit: Int) -> Double {
        let agree = zip(Self.top1(graph.forward(testInputs).output), floatTop1).filter { $0 == $1 }.count
        return 100 * Double(agree) / Double(floatTop1.count)
    }

    static func top1(_ logits: Tensor) -> [Int] {
        let k = logits.count / logits.shape[0]
        return (0..<logits.shape[0]).map { n in
            let row = logits.scalars[(n * k)..<((n + 1) * k)]
            return row.indices.max { row[$0] < row[$1] }! - n * k
        }
    }
}

/// A W4A4 post-training search through the library on imported models —
/// MobileNetV3-Small (HardSwish, squeeze-excitation), a feature pyramid with
/// Resize, a Keras classifier with an [N, H, W, C] input — and the QDQ export
/// of the strategy it derives run by ONNX Runtime.
@Suite("Search on an imported architecture", .serialized,
       .enabled(if: PythonRuntime.available, "ONNX Runtime is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct ONNXArchitectureSearchTests {
    @Test(arguments: ["mobilenet_v3_small", "fpn_resize", "keras_classifier"])
    func w4a4SearchAndQDQExport(_ name: String) throws {
        let f = try ArchitectureFixtures.fixture(name)
        let graph = try f.graph()
        var rng = SeededGenerator(seed: 31)
        let shape = [16] + graph.inputShape
        let task = AgreementTask(float: graph, calibration: Tensor.randomNormal(shape, generator: &rng),
                                 test: Tensor.randomNormal(shape, generator: &rng))
        let config = SearchConfiguration(model: name, bits: BitWidths(weight: 4, activation: 4),
                                         weightMethods: [.minmax, .mse], activationMethods: [.minmax, .percentile],
                                         calibrationImages: 16, batchSize: 8, steps: 3, learningRate: 0.1,
                                         guardAgainstUniform: false, seed: 4)
        let url = ONNXExportTests.temporary("search-\(name).json")
        defer { try? FileManager.default.removeItem(at: url) }
        var engine = try SearchEngine(config: config, model: graph, task: task, snapshotURL: url, emit: { _ in })
        for _ in 0..<config.steps { engine.searchStep() }
        let snapshot = engine.snapshot()
        var folded = graph
        try folded.foldBatchNorms()
        // Every convolution and linear layer (SE blocks included) took part.
        #expect(snapshot.layers.count == f.quantizableLayers)
        #expect(snapshot.layers.allSatisfy { $0.probabilities.weight.count == 2 && $0.probabilities.activation.count == 2 })

        var candidates: [String: LayerCandidates] = [:]
        for layer in snapshot.layers { candidates[layer.name] = try #require(layer.candidates) }
        var supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
        supernet.apply(snapshot.derived)
        let qdq = ONNXExportTests.temporary("search-\(name)-qdq.onnx")
        defer { try? FileManager.default.removeItem(at: qdq) }
        try ONNXExporter.export(supernet.graph).model.write(to: qdq)
        let ours = supernet.graph.forward(task.testInputs).output
        let ort = try PythonRuntime.infer(model: qdq, input: task.testInputs, channelsLast: f.channelsLast)
        try #require(ort.shape == ours.shape)
        let agree = zip(AgreementTask.top1(ours), AgreementTask.top1(ort)).filter { $0 == $1 }.count
        #expect(agree == ours.shape[0], "\(name): ONNX Runtime agrees with dqss's simulation on \(agree) of \(ours.shape[0]) top-1 labels")
    }
}
