/// Element-wise product of two tensors of the same shape, or of an
/// [N, ..., C] tensor by a per-channel factor: [C], [1, ..., 1, C], or one
/// per sample [N, 1, ..., 1, C] (squeeze-and-excitation gating).
public enum Multiply {
    public struct Gradients: Sendable {
        public var lhs: Tensor
        public var rhs: Tensor
    }

    /// True when `rhs` is a per-channel (optionally per-sample) factor for `lhs`.
    static func isChannelBroadcast(_ lhs: Tensor, _ rhs: Tensor) -> Bool {
        guard lhs.rank >= 2, rhs.shape != lhs.shape else { return false }
        let c = lhs.shape[lhs.rank - 1]
        if rhs.shape == [c] { return true }
        guard rhs.rank == lhs.rank, rhs.shape[rhs.rank - 1] == c,
              rhs.shape[0] == 1 || rhs.shape[0] == lhs.shape[0] else { return false }
        return rhs.shape.dropFirst().dropLast().allSatisfy { $0 == 1 }
    }

    /// Samples, positions per sample, channels, and whether the factor differs per sample.
    private static func layout(_ lhs: Tensor, _ rhs: Tensor) -> (n: Int, plane: Int, c: Int, perSample: Bool) {
        let n = lhs.shape[0], c = lhs.shape[lhs.rank - 1]
        let plane = n * c == 0 ? 0 : lhs.count / (n * c)
        return (n, plane, c, rhs.rank == lhs.rank && rhs.shape[0] == n && n > 1)
    }

    public static func forward(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        if lhs.shape == rhs.shape {
            var y = lhs
            rhs.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { p in
                    for i in 0..<p.count { p[i] *= pb[i] }
                }
            }
            return y
        }
        precondition(isChannelBroadcast(lhs, rhs),
                     "multiply: \(rhs.shape) is neither \(lhs.shape) nor a per-channel [.., 1, C] factor")
        let (n, plane, c, perSample) = layout(lhs, rhs)
        var y = lhs
        rhs.withUnsafeBufferPointer { pb in
            y.withUnsafeMutableBufferPointer { p in
                for b in 0..<n {
                    let s = pb.baseAddress! + (perSample ? b * c : 0)
                    for q in 0..<plane {
                        let base = (b * plane + q) * c
                        for ch in 0..<c { p[base + ch] *= s[ch] }
                    }
                }
            }
        }
        return y
    }

    /// Saved state: both forward operands. The broadcast operand's gradient is
    /// summed over the axes it was broadcast along and has its own shape.
    public static func backward(_ gradOutput: Tensor, lhs: Tensor, rhs: Tensor) -> Gradients {
        precondition(gradOutput.shape == lhs.shape, "multiply backward: gradient \(gradOutput.shape) ≠ \(lhs.shape)")
        if lhs.shape == rhs.shape {
            return Gradients(lhs: forward(gradOutput, rhs), rhs: forward(gradOutput, lhs))
        }
        precondition(isChannelBroadcast(lhs, rhs),
                     "multiply backward: \(rhs.shape) is neither \(lhs.shape) nor a per-channel factor")
        let (n, plane, c, perSample) = layout(lhs, rhs)
        var dr = [Float](repeating: 0, count: rhs.count)
        gradOutput.withUnsafeBufferPointer { pg in
            lhs.withUnsafeBufferPointer { pa in
                dr.withUnsafeMutableBufferPointer { d in
                    for b in 0..<n {
                        let out = d.baseAddress! + (perSample ? b * c : 0)
                        for q in 0..<plane {
                            let base = (b * plane + q) * c
                            for ch in 0..<c { out[ch] += pg[base + ch] * pa[base + ch] }
                        }
                    }
                }
            }
        }
        return Gradients(lhs: forward(gradOutput, rhs), rhs: Tensor(shape: rhs.shape, scalars: dr))
    }
}
