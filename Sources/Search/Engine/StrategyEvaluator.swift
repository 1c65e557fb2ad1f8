import Tensor
import NeuralNet
import Tasks

/// Calibrates every candidate once and evaluates fixed strategies on the
/// test split: the uniform baselines and any strategy from a snapshot.
public struct StrategyEvaluator: Sendable {
    public let floatGraph: Graph
    public private(set) var supernet: Supernet
    public let task: any SearchTask

    /// `model` is the trained float graph (batch norm not yet folded).
    public init(model: Graph, task: any SearchTask, calibration: PTQCalibration,
                candidates: [String: LayerCandidates]? = nil,
                progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws {
        var folded = model
        try folded.foldBatchNorms()
        floatGraph = folded
        self.task = task
        let c = candidates ?? calibration.calibrate(folded, images: task.calibrationInputs, progress: progress)
        supernet = try Supernet(float: folded, candidates: c, freezeWeights: true)
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
