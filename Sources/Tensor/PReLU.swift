/// y = x for x > 0, a[c] · x otherwise, with one learnable slope per channel
/// (axis 1 of an [N, C, ...] tensor). A single-entry slope is shared by all
/// channels, as in PyTorch's `PReLU(num_parameters: 1)`.
public enum PReLU {
    public struct Gradients: Sendable {
        public var input: Tensor
        public var slope: Tensor
    }

    private static func layout(_ x: Tensor, _ slope: Tensor) -> (n: Int, c: Int, plane: Int, shared: Bool) {
        precondition(x.rank >= 2, "prelu: input \(x.shape) needs a channel axis")
        let n = x.shape[0], c = x.shape[1]
        precondition(slope.count == c || slope.count == 1,
                     "prelu: slope has \(slope.count) entries for \(c) channels")
        return (n, c, x.count / Swift.max(1, n * c), slope.count == 1)
    }

    public static func forward(_ x: Tensor, slope: Tensor) -> Tensor {
        let (n, c, plane, shared) = layout(x, slope)
        var y = x
        slope.withUnsafeBufferPointer { pa in
            y.withUnsafeMutableBufferPointer { p in
                for b in 0..<n {
                    for ch in 0..<c {
                        let a = pa[shared ? 0 : ch]
                        let base = (b * c + ch) * plane
                        for i in base..<(base + plane) where p[i] <= 0 { p[i] *= a }
                    }
                }
            }
        }
        return y
    }

    /// Saved state: the forward input and the slope.
    /// d slope[c] = Σ over batch and positions with x ≤ 0 of dy · x.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, slope: Tensor) -> Gradients {
        precondition(gradOutput.shape == x.shape, "prelu backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        let (n, c, plane, shared) = layout(x, slope)
        var dx = gradOutput
        var da = [Double](repeating: 0, count: slope.count)
        slope.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                dx.withUnsafeMutableBufferPointer { pd in
                    for b in 0..<n {
                        for ch in 0..<c {
                            let k = shared ? 0 : ch
                            let a = pa[k]
                            let base = (b * c + ch) * plane
                            var acc: Float = 0
                            for i in base..<(base + plane) where px[i] <= 0 {
                                acc += pd[i] * px[i]
                                pd[i] *= a
                            }
                            da[k] += Double(acc)
                        }
                    }
                }
            }
        }
        return Gradients(input: dx, slope: Tensor(shape: slope.shape, scalars: da.map { Float($0) }))
    }
}
