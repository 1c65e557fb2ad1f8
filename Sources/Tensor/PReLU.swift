/// y = x for x > 0, a[c] · x otherwise, with one learnable slope per channel
/// (the last axis: [N, H, W, C] or [N, C]). A single-entry slope is shared by
/// all channels, as in PyTorch's `PReLU(num_parameters: 1)`.
public enum PReLU {
    public struct Gradients: Sendable {
        public var input: Tensor
        public var slope: Tensor
    }

    private static func layout(_ x: Tensor, _ slope: Tensor) -> (rows: Int, c: Int, shared: Bool) {
        precondition(x.rank >= 2, "prelu: input \(x.shape) needs a channel axis")
        let c = x.shape[x.rank - 1]
        precondition(slope.count == c || slope.count == 1,
                     "prelu: slope has \(slope.count) entries for \(c) channels")
        return (c == 0 ? 0 : x.count / c, c, slope.count == 1)
    }

    public static func forward(_ x: Tensor, slope: Tensor) -> Tensor {
        let (rows, c, shared) = layout(x, slope)
        var y = x
        slope.withUnsafeBufferPointer { pa in
            y.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    let base = r * c
                    for ch in 0..<c where p[base + ch] <= 0 { p[base + ch] *= pa[shared ? 0 : ch] }
                }
            }
        }
        return y
    }

    /// Saved state: the forward input and the slope.
    /// d slope[c] = Σ over batch and positions with x ≤ 0 of dy · x.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, slope: Tensor) -> Gradients {
        precondition(gradOutput.shape == x.shape, "prelu backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        let (rows, c, shared) = layout(x, slope)
        var dx = gradOutput
        var da = [Double](repeating: 0, count: c)
        slope.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                dx.withUnsafeMutableBufferPointer { pd in
                    da.withUnsafeMutableBufferPointer { acc in
                        for r in 0..<rows {
                            let base = r * c
                            for ch in 0..<c where px[base + ch] <= 0 {
                                acc[ch] += Double(pd[base + ch] * px[base + ch])
                                pd[base + ch] *= pa[shared ? 0 : ch]
                            }
                        }
                    }
                }
            }
        }
        let slopeGradient = shared ? [Float(da.reduce(0, +))] : da.map { Float($0) }
        return Gradients(input: dx, slope: Tensor(shape: slope.shape, scalars: slopeGradient))
    }
}
