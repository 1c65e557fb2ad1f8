import Tensor

extension FakeQuant {
    /// Whether the fused mixture kernels apply: every candidate per tensor.
    public static func canFuse(_ candidates: [QuantParams]) -> Bool {
        candidates.allSatisfy { $0.channelCount == 1 }
    }

    /// Σ_k w_k Q_k(x) in one pass over x — the search's activation mixture.
    /// Reading x once instead of once per candidate matters: these passes are
    /// memory-bound and run on every layer's input at every step.
    public static func mixture(_ x: Tensor, _ candidates: [QuantParams], weights: [Float]) -> Tensor {
        precondition(canFuse(candidates) && candidates.count == weights.count && !candidates.isEmpty,
                     "FakeQuant.mixture needs per-tensor candidates and one weight each")
        var out = Tensor(zeros: x.shape)
        let grids = candidates.map { $0.grid(0) }
        let n = x.count
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                grids.withUnsafeBufferPointer { gs in
                    weights.withUnsafeBufferPointer { ws in
                        guard let src = px.baseAddress, let dst = po.baseAddress else { return }
                        var i = 0
                        while i + 8 <= n {
                            let v = QuantGrid.load(src + i)
                            var acc = QuantGrid.Vector()
                            for k in 0..<gs.count {
                                acc += QuantGrid.Vector(repeating: ws[k]) * (gs[k].codes(v) * QuantGrid.Vector(repeating: gs[k].scale))
                            }
                            QuantGrid.store(acc, dst + i)
                            i += 8
                        }
                        while i < n {
                            var acc: Float = 0
                            for k in 0..<gs.count { acc += ws[k] * gs[k].quantize(src[i]) }
                            dst[i] = acc
                            i += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// The mixture's backward in one pass: dx = Σ_k w_k STE_k(g) (when
    /// `inputGradient`), and ⟨g, Q_k(x)⟩ for every candidate k.
    public static func mixtureBackward(_ gradOutput: Tensor, input x: Tensor, _ candidates: [QuantParams],
                                       weights: [Float], inputGradient: Bool) -> (input: Tensor?, inner: [Double]) {
        precondition(canFuse(candidates) && candidates.count == weights.count && gradOutput.count == x.count,
                     "FakeQuant.mixtureBackward needs per-tensor candidates and matching shapes")
        let grids = candidates.map { $0.grid(0) }
        let kCount = grids.count
        var dx = Tensor(zeros: inputGradient ? x.shape : [0])
        var inner = [Double](repeating: 0, count: kCount)
        let n = x.count
        let lanes = UnsafeMutablePointer<QuantGrid.Vector>.allocate(capacity: kCount)
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: kCount)
        defer { lanes.deallocate(); partial.deallocate() }
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    grids.withUnsafeBufferPointer { gs in
                        weights.withUnsafeBufferPointer { ws in
                            guard let src = px.baseAddress, let g = pg.baseAddress else { return }
                            let dst = inputGradient ? pd.baseAddress : nil
                            var start = 0
                            while start < n {
                                let stop = Swift.min(start + blockSize, n)
                                for k in 0..<kCount { lanes[k] = QuantGrid.Vector(); partial[k] = 0 }
                                var i = start
                                while i + 8 <= stop {
                                    let v = QuantGrid.load(src + i), gv = QuantGrid.load(g + i)
                                    var d = QuantGrid.Vector()
                                    for k in 0..<kCount {
                                        let grid = gs[k]
                                        let a = v * grid.inverseScale
                                        lanes[k] += gv * grid.codes(scaled: a)
                                        let outside = (a .< grid.low) .| (a .> grid.high)
                                        d += QuantGrid.Vector(repeating: ws[k]) * gv.replacing(with: 0, where: outside)
                                    }
                                    if let dst { QuantGrid.store(d, dst + i) }
                                    i += 8
                                }
                                while i < stop {
                                    var d: Float = 0
                                    for k in 0..<kCount {
                                        let grid = gs[k]
                                        partial[k] += g[i] * QuantGrid.roundHalfEven(grid.coordinate(src[i]))
                                        if grid.passes(src[i]) { d += ws[k] * g[i] }
                                    }
                                    dst?[i] = d
                                    i += 1
                                }
                                for k in 0..<kCount {
                                    inner[k] += Double(lanes[k].sum() + partial[k]) * Double(gs[k].scale)
                                }
                                start = stop
                            }
                        }
                    }
                }
            }
        }
        return (inputGradient ? dx : nil, inner)
    }
}
