import Tensor

/// Quantize-dequantize ("fake quantization") with a straight-through backward.
///
/// Forward: y = (clamp(round(x/s) + z, qmin, qmax) − z) · s, rounding half to
/// even. Backward (STE, Bengio et al. 2013; Hubara et al. 2016): the gradient
/// passes unchanged where x/s + z lies inside [qmin, qmax] and is zero outside.
/// Note PyTorch tests the *rounded* code instead, so it also passes gradient
/// within half a step beyond the clip range; dqss uses the clip range itself.
///
/// The search mixes several quantizers per tensor, so besides plain
/// forward/backward there are accumulating forms that add a weighted result
/// into a caller-owned buffer without allocating.
public enum FakeQuant {
    public static func forward(_ x: Tensor, _ params: QuantParams) -> Tensor {
        var out = Tensor(zeros: x.shape)
        forward(x, params, into: &out)
        return out
    }

    /// out = Q(x); `out` must hold as many scalars as `x`.
    public static func forward(_ x: Tensor, _ params: QuantParams, into out: inout Tensor) {
        precondition(out.count == x.count, "FakeQuant: output \(out.shape) does not match input \(x.shape)")
        guard x.count > 0 else { return }
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                let src = px.baseAddress!, dst = po.baseAddress!
                forEachRun(shape: x.shape, params) { offset, count, grid in
                    for i in offset..<(offset + count) { dst[i] = grid.quantize(src[i]) }
                }
            }
        }
    }

    /// out += weight · Q(x) — one term of the mixture Σ_i α_i Q_i(x).
    public static func accumulate(_ x: Tensor, _ params: QuantParams, weight: Float, into out: inout Tensor) {
        precondition(out.count == x.count, "FakeQuant: output \(out.shape) does not match input \(x.shape)")
        guard x.count > 0 else { return }
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                let src = px.baseAddress!, dst = po.baseAddress!
                forEachRun(shape: x.shape, params) { offset, count, grid in
                    for i in offset..<(offset + count) { dst[i] += weight * grid.quantize(src[i]) }
                }
            }
        }
    }

    /// Straight-through gradient with respect to x.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, _ params: QuantParams) -> Tensor {
        var dx = Tensor(zeros: x.shape)
        _ = accumulateBackward(gradOutput, input: x, params, weight: 1, into: &dx)
        return dx
    }

    /// dx += weight · STE(g), and returns ⟨g, Q(x)⟩ — in one pass, everything
    /// the mixture needs per candidate: the input gradient share and the
    /// architecture gradient ∂L/∂α_i = ⟨∂L/∂X_mix, Q_i(X)⟩ (before the softmax).
    @discardableResult
    public static func accumulateBackward(_ gradOutput: Tensor, input x: Tensor, _ params: QuantParams,
                                          weight: Float, into dx: inout Tensor) -> Double {
        precondition(gradOutput.count == x.count && dx.count == x.count,
                     "FakeQuant backward: gradient \(gradOutput.shape), input \(x.shape), result \(dx.shape) differ")
        var total: Double = 0
        guard x.count > 0 else { return 0 }
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    let src = px.baseAddress!, g = pg.baseAddress!, dst = pd.baseAddress!
                    forEachRun(shape: x.shape, params) { offset, count, grid in
                        // Eight Float lanes over short blocks, Double across blocks.
                        var start = offset
                        let end = offset + count
                        let w = QuantGrid.Vector(repeating: weight)
                        let lo = QuantGrid.Vector(repeating: grid.low), hi = QuantGrid.Vector(repeating: grid.high)
                        while start < end {
                            let stop = Swift.min(start + blockSize, end)
                            var lanes = QuantGrid.Vector()
                            var i = start
                            while i + 8 <= stop {
                                let gv = QuantGrid.load(g + i)
                                let a = QuantGrid.load(src + i) * grid.inverseScale
                                lanes += gv * grid.codes(scaled: a)
                                let outside = (a .< lo) .| (a .> hi)
                                QuantGrid.store(QuantGrid.load(dst + i) + (w * gv).replacing(with: 0, where: outside), dst + i)
                                i += 8
                            }
                            var dot = lanes.sum()
                            while i < stop {
                                let a = src[i] * grid.inverseScale
                                let inside = a >= grid.low && a <= grid.high
                                dot += g[i] * QuantGrid.roundHalfEven(Swift.min(Swift.max(a, grid.low), grid.high))
                                dst[i] += inside ? weight * g[i] : 0
                                i += 1
                            }
                            total += Double(dot) * Double(grid.scale)
                            start = stop
                        }
                    }
                }
            }
        }
        return total
    }

    /// ⟨g, Q(x)⟩ without materialising Q(x).
    public static func innerProduct(_ gradOutput: Tensor, quantizing x: Tensor, _ params: QuantParams) -> Double {
        precondition(gradOutput.count == x.count, "FakeQuant: gradient \(gradOutput.shape) vs input \(x.shape)")
        var total: Double = 0
        guard x.count > 0 else { return 0 }
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                let src = px.baseAddress!, g = pg.baseAddress!
                forEachRun(shape: x.shape, params) { offset, count, grid in
                    var start = offset
                    let end = offset + count
                    while start < end {
                        let stop = Swift.min(start + blockSize, end)
                        var lanes = QuantGrid.Vector()
                        var i = start
                        while i + 8 <= stop {
                            lanes += QuantGrid.load(g + i) * grid.codes(QuantGrid.load(src + i))
                            i += 8
                        }
                        var dot = lanes.sum()
                        while i < stop {
                            dot += g[i] * QuantGrid.roundHalfEven(grid.coordinate(src[i]))
                            i += 1
                        }
                        total += Double(dot) * Double(grid.scale)
                        start = stop
                    }
                }
            }
        }
        return total
    }

    /// Length of the Float partial sums in the inner products.
    static let blockSize = 1024

    /// Calls `body(offset, count, grid)` for every contiguous run of scalars that
    /// shares one channel's parameters.
    @inline(__always)
    static func forEachRun(shape: [Int], _ params: QuantParams,
                           _ body: (_ offset: Int, _ count: Int, _ grid: QuantGrid) -> Void) {
        let (outer, channels, inner) = params.spec.granularity.layout(for: shape)
        precondition(params.channelCount == channels,
                     "FakeQuant: \(params.channelCount) parameter sets for \(channels) channels of \(shape)")
        let grids = (0..<channels).map { params.grid($0) }
        for o in 0..<outer {
            for c in 0..<channels {
                body((o * channels + c) * inner, inner, grids[c])
            }
        }
    }
}
