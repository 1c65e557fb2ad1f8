/// Element-wise product of two tensors of the same shape, or of an [N, C, ...]
/// tensor by a per-channel factor of shape [1, C, 1, 1] (or [C]), as in
/// squeeze-and-excitation gating.
public enum Multiply {
    public struct Gradients: Sendable {
        public var lhs: Tensor
        public var rhs: Tensor
    }

    /// True when `rhs` is a per-channel factor for `lhs`.
    static func isChannelBroadcast(_ lhs: Tensor, _ rhs: Tensor) -> Bool {
        guard lhs.rank >= 2, rhs.shape != lhs.shape else { return false }
        let c = lhs.shape[1]
        if rhs.shape == [c] { return true }
        return rhs.rank == lhs.rank && rhs.shape[1] == c && rhs.shape.enumerated().allSatisfy { $0.offset == 1 || $0.element == 1 }
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
                     "multiply: \(rhs.shape) is neither \(lhs.shape) nor a per-channel [1, C, 1, 1] factor")
        let n = lhs.shape[0], c = lhs.shape[1], plane = lhs.count / Swift.max(1, n * c)
        var y = lhs
        rhs.withUnsafeBufferPointer { pb in
            y.withUnsafeMutableBufferPointer { p in
                for b in 0..<n {
                    for ch in 0..<c {
                        let s = pb[ch], base = (b * c + ch) * plane
                        for i in base..<(base + plane) { p[i] *= s }
                    }
                }
            }
        }
        return y
    }

    /// Saved state: both forward operands. The broadcast operand's gradient is
    /// summed over batch and positions and has the operand's own shape.
    public static func backward(_ gradOutput: Tensor, lhs: Tensor, rhs: Tensor) -> Gradients {
        precondition(gradOutput.shape == lhs.shape, "multiply backward: gradient \(gradOutput.shape) ≠ \(lhs.shape)")
        if lhs.shape == rhs.shape {
            return Gradients(lhs: forward(gradOutput, rhs), rhs: forward(gradOutput, lhs))
        }
        precondition(isChannelBroadcast(lhs, rhs),
                     "multiply backward: \(rhs.shape) is neither \(lhs.shape) nor a per-channel factor")
        let n = lhs.shape[0], c = lhs.shape[1], plane = lhs.count / Swift.max(1, n * c)
        var dr = [Float](repeating: 0, count: c)
        gradOutput.withUnsafeBufferPointer { pg in
            lhs.withUnsafeBufferPointer { pa in
                for b in 0..<n {
                    for ch in 0..<c {
                        let base = (b * c + ch) * plane
                        var acc: Float = 0
                        for i in base..<(base + plane) { acc += pg[i] * pa[i] }
                        dr[ch] += acc
                    }
                }
            }
        }
        return Gradients(lhs: forward(gradOutput, rhs), rhs: Tensor(shape: rhs.shape, scalars: dr))
    }
}
