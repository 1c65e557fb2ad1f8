import Foundation

/// Distillation loss between logits: KL(softmax(teacher / T) ‖ softmax(student / T)),
/// summed over classes and averaged over the batch.
///
/// No T² factor is applied (Hinton et al. scale by T² to keep gradient
/// magnitudes comparable across temperatures); multiply by it if wanted.
public enum KLDivergence {
    /// Logits of shape [N, K]. Returns the loss and its gradient with respect
    /// to the student logits: (softmax(s/T) - softmax(t/T)) / (N · T).
    public static func distillation(student: Tensor, teacher: Tensor, temperature: Float = 1)
        -> (loss: Float, gradient: Tensor) {
        precondition(student.rank == 2 && student.shape == teacher.shape,
                     "kl divergence: student \(student.shape) and teacher \(teacher.shape) must be the same [N, K]")
        precondition(temperature > 0, "kl divergence: temperature \(temperature) must be > 0")
        let n = student.shape[0], k = student.shape[1]
        precondition(n > 0 && k > 0, "kl divergence: empty logits \(student.shape)")
        let invT = 1 / Double(temperature)
        var grad = Tensor(zeros: student.shape)
        var total: Double = 0
        var logP = [Double](repeating: 0, count: k), logQ = logP
        student.withUnsafeBufferPointer { ps in
            teacher.withUnsafeBufferPointer { pt in
                grad.withUnsafeMutableBufferPointer { pg in
                    for b in 0..<n {
                        logSoftmax(pt.baseAddress! + b * k, count: k, scale: invT, into: &logP)
                        logSoftmax(ps.baseAddress! + b * k, count: k, scale: invT, into: &logQ)
                        var row: Double = 0
                        for j in 0..<k {
                            let p = exp(logP[j])
                            row += p * (logP[j] - logQ[j])
                            pg[b * k + j] = Float((exp(logQ[j]) - p) * invT / Double(n))
                        }
                        total += row
                    }
                }
            }
        }
        return (Float(total / Double(n)), grad)
    }

    /// log softmax(scale · x) with the maximum subtracted first.
    private static func logSoftmax(_ x: UnsafePointer<Float>, count k: Int, scale: Double, into out: inout [Double]) {
        var m = -Double.infinity
        for j in 0..<k { m = Swift.max(m, Double(x[j]) * scale) }
        var s: Double = 0
        for j in 0..<k { s += exp(Double(x[j]) * scale - m) }
        let lse = m + log(s)
        for j in 0..<k { out[j] = Double(x[j]) * scale - lse }
    }
}
