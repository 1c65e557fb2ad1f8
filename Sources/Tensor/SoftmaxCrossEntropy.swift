import Foundation

/// Softmax cross-entropy over logits [N, K] with integer labels, mean over the batch.
public enum SoftmaxCrossEntropy {
    /// Returns the mean loss and its gradient with respect to the logits.
    public static func lossAndGradient(logits: Tensor, labels: [Int32]) -> (loss: Float, gradient: Tensor) {
        precondition(logits.rank == 2 && logits.shape[0] == labels.count,
                     "cross-entropy: logits \(logits.shape) for \(labels.count) labels")
        let n = logits.shape[0], k = logits.shape[1]
        var grad = Tensor(zeros: logits.shape)
        var total: Double = 0
        logits.withUnsafeBufferPointer { pl in
            grad.withUnsafeMutableBufferPointer { pg in
                for i in 0..<n {
                    let row = pl.baseAddress! + i * k
                    var m = -Float.infinity
                    for j in 0..<k { m = max(m, row[j]) }
                    var s: Float = 0
                    for j in 0..<k {
                        let e = expf(row[j] - m)
                        pg[i * k + j] = e
                        s += e
                    }
                    let label = Int(labels[i])
                    precondition(label >= 0 && label < k, "cross-entropy: label \(label) outside 0..<\(k)")
                    total += Double(logf(s) + m - row[label])
                    let inv = 1 / (s * Float(n))
                    for j in 0..<k { pg[i * k + j] *= inv }
                    pg[i * k + label] -= 1 / Float(n)
                }
            }
        }
        return (Float(total / Double(n)), grad)
    }

    /// Index of the largest logit per row.
    public static func argmax(_ logits: Tensor) -> [Int32] {
        let n = logits.shape[0], k = logits.shape[1]
        var out = [Int32](repeating: 0, count: n)
        logits.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var best = 0
                for j in 1..<k where p[i * k + j] > p[i * k + best] { best = j }
                out[i] = Int32(best)
            }
        }
        return out
    }
}
