import Tensor
import NeuralNet
import Quantization
import Tasks

/// Calibrates every candidate once and evaluates fixed strategies on the
/// test split: the uniform baselines and any strategy from a snapshot.
public struct StrategyEvaluator: Sendable {
    public let floatGraph: Graph
    public private(set) var supernet: Supernet
    public let task: any SearchTask
    /// The weight candidates evaluated: the calibration's, minus learned
    /// roundings that diverged.
    public let weightMethods: [WeightMethod]
    /// Every layer's candidates (learned weights included), to search among.
    public let candidates: [String: LayerCandidates]

    /// `model` is the trained float graph (batch norm not yet folded).
    /// `rounding` learns the `adaround(…)` candidates; `log` gets its lines.
    public init(model: Graph, task: any SearchTask, calibration: PTQCalibration,
                candidates: [String: LayerCandidates]? = nil, rounding: LearnedRounding = LearnedRounding(),
                progress: (_ done: Int, _ total: Int) -> Void = { _, _ in },
                log: (String) -> Void = { _ in }) throws {
        var folded = model
        try folded.foldBatchNorms()
        floatGraph = folded
        self.task = task
        if let candidates {
            weightMethods = calibration.weightMethods
            self.candidates = candidates
            supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
            return
        }
        let calibrated = calibration.calibrate(folded, images: task.calibrationInputs, progress: progress)
        let learned = try rounding.apply(calibrated, methods: calibration.weightMethods, graph: folded,
                                         images: task.calibrationInputs, model: model.weightsFingerprint, log: log)
        weightMethods = learned.methods
        self.candidates = learned.candidates
        supernet = try Supernet(float: folded, candidates: learned.candidates, freezeWeights: true)
    }

    public var layerCount: Int { supernet.layers.count }

    public func floatMetric(limit: Int = 0) -> Double {
        task.evaluate(floatGraph, limit: limit)
    }

    public func metric(of strategy: Strategy, limit: Int = 0) -> Double {
        var net = supernet
        net.apply(strategy)
        return task.evaluate(net.graph, limit: limit)
    }
}
