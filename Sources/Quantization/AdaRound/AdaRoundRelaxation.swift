import Tensor

/// One weight tensor's rounding problem on a fixed grid: every weight w sits
/// between the grid points s·⌊w/s⌋ and s·(⌊w/s⌋ + 1), and a decision h ∈ [0, 1]
/// picks between them,
///
///     W̃(V) = s · clamp(⌊w/s⌋ + h(V), lo, hi)
///
/// with s, lo, hi the weight's channel grid (lo = qmin − z, hi = qmax − z).
/// Relaxed (`soft`) while learning, thresholded at h = ½ (`hard`) after.
public struct AdaRoundRelaxation: Sendable {
    public let shape: [Int]
    /// ⌊w/s⌋ per weight.
    let floor: [Float]
    /// The channel grid of each weight.
    let scale: [Float]
    let low: [Float]
    let high: [Float]

    public init(weight w: Tensor, params: QuantParams) {
        let (outer, channels, inner) = params.spec.granularity.layout(for: w.shape)
        precondition(params.channelCount == channels,
                     "AdaRound: \(params.channelCount) parameter sets for \(channels) channels of \(w.shape)")
        shape = w.shape
        var f = [Float](repeating: 0, count: w.count), s = f, lo = f, hi = f, v = f
        for o in 0..<outer {
            for c in 0..<channels {
                let grid = params.grid(c)
                for i in 0..<inner {
                    let k = (o * channels + c) * inner + i
                    let a = w.scalars[k] * grid.inverseScale
                    f[k] = a.rounded(.down)
                    // Start at the fractional part of w/s: the relaxed weight then equals the float one.
                    v[k] = RectifiedSigmoid.inverse(Swift.min(a - f[k], 0.999_999))
                    s[k] = grid.scale
                    lo[k] = grid.low
                    hi[k] = grid.high
                }
            }
        }
        floor = f
        scale = s
        low = lo
        high = hi
        initialV = Tensor(shape: w.shape, scalars: v)
        nearest = FakeQuant.forward(w, params)
    }

    /// V at which the relaxed weight equals the float weight (inside the clip range).
    public let initialV: Tensor

    public var count: Int { floor.count }

    /// W̃ for decisions h(V).
    public func soft(_ v: Tensor) -> Tensor {
        precondition(v.count == count, "AdaRound: V \(v.shape) for weight \(shape)")
        return weight(v) { RectifiedSigmoid.value($0) }
    }

    /// W̃ with each decision thresholded: up where h(V) ≥ ½ (V ≥ 0).
    public func hard(_ v: Tensor) -> Tensor {
        precondition(v.count == count, "AdaRound: V \(v.shape) for weight \(shape)")
        return weight(v) { $0 >= 0 ? 1 : 0 }
    }

    /// Round to nearest (half to even, as every other candidate): what AdaRound competes with.
    public let nearest: Tensor

    /// s · clamp(⌊w/s⌋ + decision(V), lo, hi), in one pass over raw buffers (this runs at every step).
    @inline(__always)
    func weight(_ v: Tensor, _ decision: (Float) -> Float) -> Tensor {
        v.withUnsafeBufferPointer { pv in
            floor.withUnsafeBufferPointer { f in
                scale.withUnsafeBufferPointer { s in
                    low.withUnsafeBufferPointer { lo in
                        high.withUnsafeBufferPointer { hi in
                            Tensor(shape: shape) { out in
                                for k in 0..<out.count {
                                    out[k] = s[k] * Swift.min(Swift.max(f[k] + decision(pv[k]), lo[k]), hi[k])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// ∂L/∂V from ∂L/∂W̃ (zero where the clamp is active), plus λ·∂f_reg/∂V when a regulariser is given.
    public func gradient(_ dW: Tensor, at v: Tensor, regularizer: RoundingRegularizer? = nil,
                         lambda: Float = 0) -> Tensor {
        precondition(dW.count == count && v.count == count, "AdaRound: gradient \(dW.shape) or V \(v.shape) for weight \(shape)")
        return dW.withUnsafeBufferPointer { g in
            v.withUnsafeBufferPointer { pv in
                floor.withUnsafeBufferPointer { f in
                    scale.withUnsafeBufferPointer { s in
                        low.withUnsafeBufferPointer { lo in
                            high.withUnsafeBufferPointer { hi in
                                Tensor(shape: shape) { out in
                                    for k in 0..<out.count {
                                        let dh = RectifiedSigmoid.derivative(pv[k])
                                        guard dh != 0 else {
                                            out[k] = 0
                                            continue
                                        }
                                        let h = RectifiedSigmoid.value(pv[k])
                                        let code = f[k] + h
                                        var d: Float = code > lo[k] && code < hi[k] ? g[k] * s[k] : 0
                                        if let regularizer { d += lambda * regularizer.derivative(h) }
                                        out[k] = d * dh
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// f_reg summed over every decision.
    public func regularization(_ v: Tensor, _ regularizer: RoundingRegularizer) -> Double {
        var total: Double = 0
        for k in 0..<count { total += Double(regularizer.value(RectifiedSigmoid.value(v.scalars[k]))) }
        return total
    }
}
