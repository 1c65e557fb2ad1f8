import Testing
import Tensor
import TestSupport

/// Distinct values 0.1 apart in a seeded random order, so no window has a near-tie.
func distinctValues(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    let n = shape.reduce(1, *)
    var values = (0..<n).map { Float($0) * 0.1 - Float(n) * 0.05 }
    values.shuffle(using: &rng)
    return Tensor(shape: shape, scalars: values)
}

struct PoolCase: CustomTestStringConvertible, Sendable {
    var shape: [Int]
    var geometry: PoolGeometry
    var testDescription: String {
        let g = geometry
        return "\(shape) k\(g.kernelH)x\(g.kernelW) s\(g.strideH),\(g.strideW) p\(g.padH),\(g.padW)"
    }
}

/// Shapes are NCHW (the naive loop's); the kernels run on the NHWC transpose.
let poolCases: [PoolCase] = [
    PoolCase(shape: [2, 3, 6, 6], geometry: PoolGeometry(kernel: 2)),
    PoolCase(shape: [1, 2, 7, 5], geometry: PoolGeometry(kernel: 3, stride: 2, padding: 1)),
    PoolCase(shape: [2, 1, 5, 8], geometry: PoolGeometry(kernelH: 2, kernelW: 3, strideH: 1, strideW: 2, padH: 1, padW: 1)),
    PoolCase(shape: [1, 2, 4, 4], geometry: PoolGeometry(kernel: 3, stride: 1, padding: 1)),
]

/// Straightforward pooling over every window position.
func naivePool(_ x: Tensor, _ g: PoolGeometry, max: Bool, countIncludePad: Bool) -> Tensor {
    let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
    let (oh, ow) = g.outputSize(height: h, width: w)
    var y = Tensor(zeros: [n, c, oh, ow])
    for p in 0..<(n * c) {
        for oi in 0..<oh {
            for oj in 0..<ow {
                var best = -Float.infinity, sum: Float = 0, count = 0
                for ki in 0..<g.kernelH {
                    for kj in 0..<g.kernelW {
                        let i = oi * g.strideH - g.padH + ki, j = oj * g.strideW - g.padW + kj
                        guard i >= 0, i < h, j >= 0, j < w else { continue }
                        let v = x[flat: (p * h + i) * w + j]
                        best = Swift.max(best, v)
                        sum += v
                        count += 1
                    }
                }
                let divisor = countIncludePad ? g.kernelH * g.kernelW : count
                y[flat: (p * oh + oi) * ow + oj] = max ? best : sum / Float(divisor)
            }
        }
    }
    return y
}

@Suite("Pooling")
struct PoolingTests {
    @Test("max pool forward on a hand example")
    func maxPoolHand() {
        let x = Tensor(shape: [1, 2, 4, 1], scalars: [1, 5, 2, 0, 3, 4, 8, -1])
        let result = MaxPool.forward(x, geometry: PoolGeometry(kernel: 2))
        #expect(result.output.shape == [1, 1, 2, 1])
        #expect(result.output.scalars == [5, 8])
        #expect(result.argmax == [1, 6])
        let dx = MaxPool.backward(Tensor(shape: [1, 1, 2, 1], scalars: [10, 20]), argmax: result.argmax, inputShape: x.shape)
        #expect(dx.scalars == [0, 10, 0, 0, 0, 0, 20, 0])
    }

    @Test("max pool matches the naive loop and finite differences", arguments: poolCases)
    func maxPool(_ c: PoolCase) {
        let planar = distinctValues(c.shape, seed: 31)
        let x = planar.nchwToNHWC()
        let result = MaxPool.forward(x, geometry: c.geometry)
        #expect(maxAbsDifference(result.output.nhwcToNCHW(), naivePool(planar, c.geometry, max: true, countIncludePad: false)) == 0)
        var rng = SeededGenerator(seed: 32)
        let r = Tensor.randomNormal(result.output.shape, generator: &rng)
        let dx = MaxPool.backward(r, argmax: result.argmax, inputShape: x.shape)
        let check = GradientCheck.maxRelativeError(of: { MaxPool.forward($0, geometry: c.geometry).output },
                                                   at: x, projection: r, analytic: dx)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("avg pool count_include_pad semantics on a hand example")
    func avgPoolHand() {
        // 2×2 input of ones, 3×3 window, padding 1, stride 1: every window holds 4 real ones.
        let x = Tensor(repeating: 1, shape: [1, 2, 2, 1])
        let g = PoolGeometry(kernel: 3, stride: 1, padding: 1)
        #expect(AvgPool.forward(x, geometry: g, countIncludePad: true).scalars == [Float](repeating: 4.0 / 9, count: 4))
        #expect(AvgPool.forward(x, geometry: g, countIncludePad: false).scalars == [1, 1, 1, 1])
    }

    @Test("avg pool matches the naive loop and finite differences",
          arguments: poolCases, [true, false])
    func avgPool(_ c: PoolCase, countIncludePad: Bool) {
        var rng = SeededGenerator(seed: 33)
        let planar = Tensor.randomNormal(c.shape, generator: &rng)
        let x = planar.nchwToNHWC()
        let y = AvgPool.forward(x, geometry: c.geometry, countIncludePad: countIncludePad)
        #expect(maxAbsDifference(y.nhwcToNCHW(), naivePool(planar, c.geometry, max: false, countIncludePad: countIncludePad)) < 1e-6)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let dx = AvgPool.backward(r, inputShape: x.shape, geometry: c.geometry, countIncludePad: countIncludePad)
        let check = GradientCheck.maxRelativeError(
            of: { AvgPool.forward($0, geometry: c.geometry, countIncludePad: countIncludePad) },
            at: x, projection: r, analytic: dx)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }
}
