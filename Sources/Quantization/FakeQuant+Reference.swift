import Tensor

extension FakeQuant {
    /// The plain Swift forms of the fake-quant kernels (eight-lane SIMD, no
    /// ISA dispatch): what the tests hold the C kernels in `CKernels` to.
    /// Element-wise results agree exactly; inner products up to the order
    /// of summation.
    public enum Reference {
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
                    FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
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
                    FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
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
                        FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
                            // Eight Float lanes over short blocks, Double across blocks.
                            var start = offset
                            let end = offset + count
                            let w = QuantGrid.Vector(repeating: weight)
                            let lo = QuantGrid.Vector(repeating: grid.low), hi = QuantGrid.Vector(repeating: grid.high)
                            while start < end {
                                let stop = Swift.min(start + FakeQuant.blockSize, end)
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
                    FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
                        var start = offset
                        let end = offset + count
                        while start < end {
                            let stop = Swift.min(start + FakeQuant.blockSize, end)
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

        /// Σ_k w_k Q_k(x) in one pass over x — the search's activation mixture.
        /// Reading x once instead of once per candidate matters: these passes are
        /// memory-bound and run on every layer's input at every step.
        public static func mixture(_ x: Tensor, _ candidates: [QuantParams], weights: [Float]) -> Tensor {
            precondition(FakeQuant.canFuse(candidates) && candidates.count == weights.count && !candidates.isEmpty,
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
            precondition(FakeQuant.canFuse(candidates) && candidates.count == weights.count && gradOutput.count == x.count,
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
                                    let stop = Swift.min(start + FakeQuant.blockSize, n)
                                    for k in 0..<kCount { lanes[k] = QuantGrid.Vector(); partial[k] = 0 }
                                    var i = start
                                    while i + 8 <= stop {
                                        let v = QuantGrid.load(src + i), gv = QuantGrid.load(g + i)
                                        var pass = QuantGrid.Vector()
                                        for k in 0..<kCount {
                                            let grid = gs[k]
                                            let a = v * grid.inverseScale
                                            lanes[k] += gv * grid.codes(scaled: a)
                                            let outside = (a .< grid.low) .| (a .> grid.high)
                                            pass += QuantGrid.Vector(repeating: ws[k]).replacing(with: 0, where: outside)
                                        }
                                        if let dst { QuantGrid.store(gv * pass, dst + i) }
                                        i += 8
                                    }
                                    while i < stop {
                                        var pass: Float = 0
                                        for k in 0..<kCount {
                                            let grid = gs[k]
                                            partial[k] += g[i] * QuantGrid.roundHalfEven(grid.coordinate(src[i]))
                                            if grid.passes(src[i]) { pass += ws[k] }
                                        }
                                        dst?[i] = g[i] * pass
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
}
