import Testing
import Tensor
import TestSupport

@Suite("Multiply, Concat, PixelShuffle, Upsample")
struct ShapeOpTests {
    @Test("multiply of same-shaped tensors: forward and both gradients")
    func multiplySameShape() {
        var rng = SeededGenerator(seed: 41)
        let a = Tensor.randomNormal([2, 3, 4, 2], generator: &rng)
        let b = Tensor.randomNormal([2, 3, 4, 2], generator: &rng)
        let y = Multiply.forward(a, b)
        for i in 0..<y.count { #expect(y[flat: i] == a[flat: i] * b[flat: i]) }
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let g = Multiply.backward(r, lhs: a, rhs: b)
        let da = GradientCheck.maxRelativeError(of: { Multiply.forward($0, b) }, at: a, projection: r, analytic: g.lhs)
        let db = GradientCheck.maxRelativeError(of: { Multiply.forward(a, $0) }, at: b, projection: r, analytic: g.rhs)
        #expect(da.error < 1e-3, "lhs: \(String(describing: da.worst))")
        #expect(db.error < 1e-3, "rhs: \(String(describing: db.worst))")
    }

    @Test("multiply by a per-channel factor", arguments: [[1, 1, 1, 3], [3], [2, 1, 1, 3]])
    func multiplyChannelBroadcast(factorShape: [Int]) {
        var rng = SeededGenerator(seed: 43)
        let a = Tensor.randomNormal([2, 4, 5, 3], generator: &rng)
        let s = Tensor.randomNormal(factorShape, generator: &rng)
        let y = Multiply.forward(a, s)
        let perSample = factorShape.first == 2
        for i in 0..<y.count {
            let ch = i % 3, b = i / 60
            #expect(y[flat: i] == a[flat: i] * s[flat: (perSample ? b * 3 : 0) + ch])
        }
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let g = Multiply.backward(r, lhs: a, rhs: s)
        #expect(g.rhs.shape == s.shape)
        let da = GradientCheck.maxRelativeError(of: { Multiply.forward($0, s) }, at: a, projection: r, analytic: g.lhs)
        let ds = GradientCheck.maxRelativeError(of: { Multiply.forward(a, $0) }, at: s, projection: r, analytic: g.rhs)
        #expect(da.error < 1e-3, "lhs: \(String(describing: da.worst))")
        #expect(ds.error < 1e-3, "factor: \(String(describing: ds.worst))")
    }

    @Test("concat along channels and the split backward")
    func concat() {
        var rng = SeededGenerator(seed: 47)
        let parts = [1, 3, 2].map { Tensor.randomNormal([2, 3, 2, $0], generator: &rng) }
        let y = Concat.forward(parts)
        #expect(y.shape == [2, 3, 2, 6])
        // Explicit index check: y[b, i, offset + c] == parts[k][b, i, c] (i a position).
        var offset = 0
        for p in parts {
            let c = p.shape[3]
            for b in 0..<2 {
                for i in 0..<6 {
                    for ch in 0..<c { #expect(y[flat: (b * 6 + i) * 6 + offset + ch] == p[flat: (b * 6 + i) * c + ch]) }
                }
            }
            offset += c
        }
        let back = Concat.backward(y, channels: [1, 3, 2])
        #expect(back == parts)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let grads = Concat.backward(r, channels: [1, 3, 2])
        for k in 0..<3 {
            let check = GradientCheck.maxRelativeError(
                of: { t in var ps = parts; ps[k] = t; return Concat.forward(ps) }, at: parts[k], projection: r, analytic: grads[k])
            #expect(check.error < 1e-3, "part \(k): \(String(describing: check.worst))")
        }
    }

    @Test("pixel shuffle follows PyTorch's index formula", arguments: [2, 3])
    func pixelShuffle(r: Int) {
        let n = 2, c = 2, h = 3, w = 2
        let x = Tensor(shape: [n, h, w, c * r * r], scalars: (0..<(n * c * r * r * h * w)).map(Float.init))
        let y = PixelShuffle.forward(x, upscale: r)
        #expect(y.shape == [n, h * r, w * r, c])
        // y[b, yy, xx, ch] = x[b, yy / r, xx / r, ch·r² + (yy % r)·r + xx % r]
        for b in 0..<n {
            for ch in 0..<c {
                for yy in 0..<(h * r) {
                    for xx in 0..<(w * r) {
                        let src = ((b * h + yy / r) * w + xx / r) * c * r * r + ch * r * r + (yy % r) * r + (xx % r)
                        #expect(y[flat: ((b * h * r + yy) * w * r + xx) * c + ch] == x[flat: src])
                    }
                }
            }
        }
        // Backward is the inverse permutation, hence also the adjoint.
        #expect(PixelShuffle.backward(y, upscale: r) == x)
        var rng = SeededGenerator(seed: 53)
        let xr = Tensor.randomNormal(x.shape, generator: &rng)
        let g = Tensor.randomNormal(y.shape, generator: &rng)
        let check = GradientCheck.maxRelativeError(of: { PixelShuffle.forward($0, upscale: r) }, at: xr, projection: g,
                                                   analytic: PixelShuffle.backward(g, upscale: r))
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("nearest upsampling repeats pixels")
    func nearest() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        let y = Upsample.forward(x, factor: 2, mode: .nearest)
        #expect(y.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let dx = Upsample.backward(Tensor(repeating: 1, shape: y.shape), inputShape: x.shape, factor: 2, mode: .nearest)
        #expect(dx.scalars == [4, 4, 4, 4])
    }

    @Test("bilinear upsampling uses half-pixel centres (align_corners=false)")
    func bilinearHand() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [0, 1, 2, 3])
        let y = Upsample.forward(x, factor: 2, mode: .bilinear)
        let expected: [Float] = [0, 0.25, 0.75, 1,
                                 0.5, 0.75, 1.25, 1.5,
                                 1.5, 1.75, 2.25, 2.5,
                                 2, 2.25, 2.75, 3]
        #expect(maxAbsDifference(y, Tensor(shape: [1, 4, 4, 1], scalars: expected)) < 1e-6)
        // Odd factor, one row: sources at -1/3 (clamped), 0, 1/3, 2/3, 1, 4/3 (clamped).
        let row = Tensor(shape: [1, 1, 2, 1], scalars: [0, 3])
        let up = Upsample.forward(row, factorH: 1, factorW: 3, mode: .bilinear)
        #expect(maxAbsDifference(up, Tensor(shape: [1, 1, 6, 1], scalars: [0, 0, 1, 2, 3, 3])) < 1e-5)
    }

    @Test("upsampling backward matches finite differences",
          arguments: Upsample.Mode.allCases, [(2, 2), (3, 2), (1, 4)])
    func upsampleBackward(mode: Upsample.Mode, factors: (Int, Int)) {
        var rng = SeededGenerator(seed: 59)
        let x = Tensor.randomNormal([2, 3, 4, 2], generator: &rng)
        let y = Upsample.forward(x, factorH: factors.0, factorW: factors.1, mode: mode)
        #expect(y.shape == [2, 3 * factors.0, 4 * factors.1, 2])
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let dx = Upsample.backward(r, inputShape: x.shape, factorH: factors.0, factorW: factors.1, mode: mode)
        let check = GradientCheck.maxRelativeError(
            of: { Upsample.forward($0, factorH: factors.0, factorW: factors.1, mode: mode) },
            at: x, projection: r, analytic: dx)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }
}
