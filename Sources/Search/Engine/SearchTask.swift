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

extension SearchTask {
    /// Rows `range` of a batch-major tensor.
    static func rows(_ t: Tensor, _ indices: [Int]) -> Tensor {
        let per = t.count / max(1, t.shape[0])
        var out = [Float](repeating: 0, count: indices.count * per)
        t.withUnsafeBufferPointer { p in
            for (k, i) in indices.enumerated() {
                for j in 0..<per { out[k * per + j] = p[i * per + j] }
            }
        }
        return Tensor(shape: [indices.count] + Array(t.shape.dropFirst()), scalars: out)
    }
}
