import Tensor
import NeuralNet

/// What a search optimises and how its results are measured: the engines see
/// a task only through this protocol, so they know nothing of datasets, image
/// sizes or labels.
public protocol SearchTask: Sendable {
    /// "top-1", "PSNR", or what the task measures.
    var metricName: String { get }
    /// Inputs of the calibration set, [N, ...] as the model takes them.
    var calibrationInputs: Tensor { get }
    /// The distillation objective of a quantized output towards the float
    /// model's output (mean over the batch) and its gradient.
    func distillation(student: Tensor, teacher: Tensor) -> (loss: Float, gradient: Tensor)
    /// The test metric of a graph (first `limit` test samples; 0 = all).
    func evaluate(_ graph: Graph, limit: Int) -> Double
}
