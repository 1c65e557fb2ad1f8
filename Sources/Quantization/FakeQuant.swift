import Tensor
import CKernels

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
///
/// The loops run in `CKernels` (vectorised, ISA picked at load time); the
/// plain Swift forms are in `FakeQuant.Reference`.
public enum FakeQuant {
    public static func forward(_ x: Tensor, _ params: QuantParams) -> Tensor {
        let runs = Runs(shape: x.shape, params)
        return x.withUnsafeBufferPointer { px in
            runs.grids.withUnsafeBufferPointer { gs in
                Tensor(shape: x.shape) { y in
                    ck_fake_quant(px.baseAddress, y.baseAddress, runs.outer, runs.channels, runs.inner, gs.baseAddress)
                }
            }
        }
    }

    /// out = Q(x); `out` must hold as many scalars as `x`.
    public static func forward(_ x: Tensor, _ params: QuantParams, into out: inout Tensor) {
        precondition(out.count == x.count, "FakeQuant: output \(out.shape) does not match input \(x.shape)")
        let runs = Runs(shape: x.shape, params)
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                runs.grids.withUnsafeBufferPointer { gs in
                    ck_fake_quant(px.baseAddress, po.baseAddress, runs.outer, runs.channels, runs.inner, gs.baseAddress)
                }
            }
        }
    }

    /// out += weight · Q(x) — one term of the mixture Σ_i α_i Q_i(x).
    public static func accumulate(_ x: Tensor, _ params: QuantParams, weight: Float, into out: inout Tensor) {
        precondition(out.count == x.count, "FakeQuant: output \(out.shape) does not match input \(x.shape)")
        let runs = Runs(shape: x.shape, params)
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                runs.grids.withUnsafeBufferPointer { gs in
                    ck_fake_quant_accumulate(px.baseAddress, po.baseAddress, runs.outer, runs.channels, runs.inner,
                                             gs.baseAddress, weight)
                }
            }
        }
    }

    /// Straight-through gradient with respect to x.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, _ params: QuantParams) -> Tensor {
        precondition(gradOutput.count == x.count, "FakeQuant backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        let runs = Runs(shape: x.shape, params)
        return x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                runs.grids.withUnsafeBufferPointer { gs in
                    Tensor(shape: x.shape) { dx in
                        _ = ck_fake_quant_backward(pg.baseAddress, px.baseAddress, dx.baseAddress, 0,
                                                   runs.outer, runs.channels, runs.inner, gs.baseAddress, 1)
                    }
                }
            }
        }
    }

    /// dx += weight · STE(g), and returns ⟨g, Q(x)⟩ — in one pass, everything
    /// the mixture needs per candidate: the input gradient share and the
    /// architecture gradient ∂L/∂α_i = ⟨∂L/∂X_mix, Q_i(X)⟩ (before the softmax).
    @discardableResult
    public static func accumulateBackward(_ gradOutput: Tensor, input x: Tensor, _ params: QuantParams,
                                          weight: Float, into dx: inout Tensor) -> Double {
        precondition(gradOutput.count == x.count && dx.count == x.count,
                     "FakeQuant backward: gradient \(gradOutput.shape), input \(x.shape), result \(dx.shape) differ")
        let runs = Runs(shape: x.shape, params)
        return x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    runs.grids.withUnsafeBufferPointer { gs in
                        ck_fake_quant_backward(pg.baseAddress, px.baseAddress, pd.baseAddress, 1,
                                               runs.outer, runs.channels, runs.inner, gs.baseAddress, weight)
                    }
                }
            }
        }
    }

    /// ⟨g, Q(x)⟩ without materialising Q(x).
    public static func innerProduct(_ gradOutput: Tensor, quantizing x: Tensor, _ params: QuantParams) -> Double {
        precondition(gradOutput.count == x.count, "FakeQuant: gradient \(gradOutput.shape) vs input \(x.shape)")
        let runs = Runs(shape: x.shape, params)
        return x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                runs.grids.withUnsafeBufferPointer { gs in
                    ck_fake_quant_backward(pg.baseAddress, px.baseAddress, nil, 0,
                                           runs.outer, runs.channels, runs.inner, gs.baseAddress, 0)
                }
            }
        }
    }

    /// A tensor's split into runs of scalars that share one channel's grid:
    /// flat index (o · channels + c) · inner + i uses grids[c].
    struct Runs {
        let outer: Int, channels: Int, inner: Int
        let grids: [ck_grid]

        init(shape: [Int], _ params: QuantParams) {
            (outer, channels, inner) = params.spec.granularity.layout(for: shape)
            precondition(params.channelCount == channels,
                         "FakeQuant: \(params.channelCount) parameter sets for \(channels) channels of \(shape)")
            grids = (0..<channels).map { params.grid($0).kernel }
        }
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

extension QuantGrid {
    /// The grid as the C kernels take it.
    var kernel: ck_grid {
        ck_grid(scale: scale, inverse_scale: inverseScale, low: low, high: high)
    }
}
