import Foundation
import Tensor

/// Softmax (or log-softmax) over the last axis of a per-sample vector: the
/// probabilities some exporters append after a classifier's logits.
public struct SoftmaxOp: GraphOp {
    public var logarithm: Bool
    public init(logarithm: Bool = false) { self.logarithm = logarithm }
    public var kind: String { logarithm ? "logsoftmax" : "softmax" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 1, inputShapes[0][0] > 0 else {
            throw ShapeError("\(kind) takes one [K] input, got \(inputShapes)")
        }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let k = y.shape[y.rank - 1], rows = y.count / k
        let log = logarithm
        y.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows {
                let row = r * k
                var m = -Float.infinity
                for i in 0..<k { m = Swift.max(m, p[row + i]) }
                var sum: Float = 0
                for i in 0..<k { sum += expf(p[row + i] - m) }
                let logSum = logf(sum) + m
                for i in 0..<k { p[row + i] = log ? p[row + i] - logSum : expf(p[row + i] - logSum) }
            }
        }
        return OpResult(y)
    }
    /// Softmax: dx = y ⊙ (g − Σ g⊙y). Log-softmax: dx = g − softmax · Σ g.
    public func backward(_ input: BackwardInput) -> OpGradients {
        var dx = input.gradOutput
        let y = input.output
        let k = y.shape[y.rank - 1], rows = y.count / k
        let log = logarithm
        y.withUnsafeBufferPointer { py in
            dx.withUnsafeMutableBufferPointer { pd in
                for r in 0..<rows {
                    let row = r * k
                    var s: Float = 0
                    for i in 0..<k { s += log ? pd[row + i] : pd[row + i] * py[row + i] }
                    for i in 0..<k {
                        pd[row + i] = log ? pd[row + i] - expf(py[row + i]) * s : py[row + i] * (pd[row + i] - s)
                    }
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
