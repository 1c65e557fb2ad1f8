import Tensor
import CKernels

extension FakeQuant {
    /// Whether the fused mixture kernels apply: every candidate per tensor
    /// (and no more of them than the kernels hold).
    public static func canFuse(_ candidates: [QuantParams]) -> Bool {
        candidates.count <= Int(CK_MIXTURE_MAX) && candidates.allSatisfy { $0.channelCount == 1 }
    }

    /// Σ_k w_k Q_k(x) in one pass over x — the search's activation mixture.
    /// Reading x once instead of once per candidate matters: these passes are
    /// memory-bound and run on every layer's input at every step.
    public static func mixture(_ x: Tensor, _ candidates: [QuantParams], weights: [Float]) -> Tensor {
        precondition(canFuse(candidates) && candidates.count == weights.count && !candidates.isEmpty,
                     "FakeQuant.mixture needs per-tensor candidates and one weight each")
        let grids = candidates.map { $0.grid(0).kernel }
        return x.withUnsafeBufferPointer { px in
            grids.withUnsafeBufferPointer { gs in
                weights.withUnsafeBufferPointer { ws in
                    Tensor(shape: x.shape) { y in
                        ck_fake_quant_mixture(px.baseAddress, y.baseAddress, px.count, gs.baseAddress, ws.baseAddress,
                                              Int32(gs.count))
                    }
                }
            }
        }
    }

    /// The mixture's backward in one pass: dx = g · Σ_k w_k·[x inside grid k]
    /// (when `inputGradient`), and ⟨g, Q_k(x)⟩ for every candidate k.
    public static func mixtureBackward(_ gradOutput: Tensor, input x: Tensor, _ candidates: [QuantParams],
                                       weights: [Float], inputGradient: Bool) -> (input: Tensor?, inner: [Double]) {
        precondition(canFuse(candidates) && candidates.count == weights.count && gradOutput.count == x.count,
                     "FakeQuant.mixtureBackward needs per-tensor candidates and matching shapes")
        let grids = candidates.map { $0.grid(0).kernel }
        var inner = [Double](repeating: 0, count: grids.count)
        let dx: Tensor? = x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                grids.withUnsafeBufferPointer { gs in
                    weights.withUnsafeBufferPointer { ws in
                        inner.withUnsafeMutableBufferPointer { pi in
                            func run(_ dx: UnsafeMutablePointer<Float>?) {
                                ck_fake_quant_mixture_backward(pg.baseAddress, px.baseAddress, dx, px.count, gs.baseAddress,
                                                               ws.baseAddress, Int32(gs.count), pi.baseAddress)
                            }
                            guard inputGradient else {
                                run(nil)
                                return nil
                            }
                            return Tensor(shape: x.shape) { run($0.baseAddress) }
                        }
                    }
                }
            }
        }
        return (dx, inner)
    }
}
