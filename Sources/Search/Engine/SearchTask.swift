import Tensor
import NeuralNet

/// What the search optimises and how its results are measured, per kind of
/// model (classification or super-resolution).
public protocol SearchTask: Sendable {
    /// "top-1" or "PSNR".
    var metricName: String { get }
    /// Inputs of the calibration set, [N, ...].
    var calibrationInputs: Tensor { get }
    /// The distillation objective of a quantized output towards the float
    /// model's output (mean over the batch) and its gradient.
    func distillation(student: Tensor, teacher: Tensor) -> (loss: Float, gradient: Tensor)
    /// The test metric of a graph (first `limit` test samples; 0 = all).
    func evaluate(_ graph: Graph, limit: Int) -> Double
}
