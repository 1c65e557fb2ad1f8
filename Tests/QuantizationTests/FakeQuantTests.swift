import Testing
import Tensor
import TestSupport
import Quantization

@Suite("Fake quantization")
struct FakeQuantTests {
    struct GridCase: Sendable, CustomTestStringConvertible {
        let spec: QuantSpec
        let qmin: Int
        let qmax: Int
        var testDescription: String { "\(spec.bits)b signed=\(spec.isSigned) sym=\(spec.isSymmetric)" }
    }

    @Test(arguments: [
        GridCase(spec: QuantSpec(bits: 4, signed: true, symmetric: true), qmin: -7, qmax: 7),
        GridCase(spec: QuantSpec(bits: 2, signed: true, symmetric: true), qmin: -1, qmax: 1),
        GridCase(spec: QuantSpec(bits: 8, signed: true, symmetric: true), qmin: -127, qmax: 127),
        GridCase(spec: QuantSpec(bits: 4, signed: true, symmetric: true, narrowRange: false), qmin: -8, qmax: 7),
        GridCase(spec: QuantSpec(bits: 4, signed: true, symmetric: false), qmin: -8, qmax: 7),
        GridCase(spec: QuantSpec(bits: 4, signed: false, symmetric: true), qmin: 0, qmax: 15),
        GridCase(spec: QuantSpec(bits: 8, signed: false, symmetric: false), qmin: 0, qmax: 255),
    ])
    func integerGrids(_ c: GridCase) {
        #expect(c.spec.qmin == c.qmin)
        #expect(c.spec.qmax == c.qmax)
    }

    @Test(arguments: [2, 3, 4, 8])
    func gridPointsAreExact(bits: Int) {
        let spec = QuantSpec(bits: bits, signed: true, symmetric: true)
        let params = QuantParams(spec: spec, scales: [0.3], zeroPoints: [0])
        let points = (spec.qmin...spec.qmax).map { Float($0) * 0.3 }
        let x = Tensor(shape: [points.count], scalars: points)
        #expect(FakeQuant.forward(x, params) == x)
    }

    @Test func roundsHalfToEven() {
        let params = QuantParams(spec: QuantSpec(bits: 8, signed: true, symmetric: true), scales: [1], zeroPoints: [0])
        let x = Tensor(shape: [10], scalars: [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, -3.5])
        let y = FakeQuant.forward(x, params)
        #expect(y.scalars == [0, 2, 2, 4, 0, -2, -2, 2, 3, -4])
    }

    @Test func roundingAgreesWithTheStandardLibrary() {
        let spec = QuantSpec(bits: 8, signed: true, symmetric: true)
        let params = QuantParams(spec: spec, scales: [0.01], zeroPoints: [0])
        let x = Samples.uniform(100_000, low: -1.3, high: 1.3)
        let y = FakeQuant.forward(x, params)
        var mismatches = 0
        for i in 0..<x.count {
            let q = min(max((x[flat: i] * (1 / Float(0.01))).rounded(.toNearestOrEven), -127), 127) * 0.01
            if q != y[flat: i] { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func clipsToTheRange() {
        let spec = QuantSpec(bits: 4, signed: true, symmetric: true)
        let params = QuantParams(spec: spec, low: -1.4, high: 1.4)
        #expect(params.clipLow == [-1.4] && params.clipHigh == [1.4])
        let x = Tensor(shape: [4], scalars: [-100, -1.41, 1.5, 7])
        let y = FakeQuant.forward(x, params)
        #expect(y.scalars == [-1.4, -1.4, 1.4, 1.4])
    }

    @Test func affineZeroPointKeepsZeroExact() {
        let spec = QuantSpec(bits: 8, signed: false, symmetric: false)
        let params = QuantParams(spec: spec, low: -1, high: 3)
        // Real zero point 63.75: 64 covers [−1, 3] with step 3/191, 63 would need 1/63.
        let s = Float(3) / 191
        #expect(abs(params.scales[0] - s) < 1e-7)
        #expect(params.zeroPoints == [64])
        #expect(FakeQuant.forward(Tensor(shape: [1], scalars: [0]), params).scalars == [0])
        #expect(params.clipLow[0] <= -1 && params.clipLow[0] > -1 - s)
        #expect(abs(params.clipHigh[0] - 3) < 1e-6)
        // A value on the grid round-trips; one beyond the top clips.
        let x = Tensor(shape: [2], scalars: [10 * s, 5])
        let y = FakeQuant.forward(x, params)
        #expect(abs(y[flat: 0] - 10 * s) < 1e-6)
        #expect(abs(y[flat: 1] - 191 * s) < 1e-6)
    }

    @Test(arguments: [(Float(-0.8102), Float(2.0213)), (-1.4, 30), (-0.01, 5), (-7, 0.02), (-2, 2)])
    func affineRangeIsCovered(low: Float, high: Float) {
        for bits in [2, 4, 8] {
            let params = QuantParams(spec: QuantSpec(bits: bits, signed: true, symmetric: false), low: low, high: high)
            let step = params.scales[0]
            // Covered, except an end within half a step of zero may round to it.
            #expect(params.clipLow[0] <= low * (1 - 1e-6) || (-low <= step / 2 && params.clipLow[0] == 0))
            #expect(params.clipHigh[0] >= high * (1 - 1e-6) || (high <= step / 2 && params.clipHigh[0] == 0))
            // No more than about one extra step of range.
            #expect(params.clipHigh[0] - params.clipLow[0] <= (high - low) + 1.01 * step)
        }
    }

    @Test func signedAffineRangeIsWidenedToContainZero() {
        let spec = QuantSpec(bits: 4, signed: true, symmetric: false)
        let params = QuantParams(spec: spec, low: 0.5, high: 3)
        #expect(params.zeroPoints == [-8])
        #expect(params.clipLow[0] == 0)
        #expect(abs(params.clipHigh[0] - 3) < 1e-6)
    }

    @Test func perChannelAlongAxisZero() {
        // Two output channels with very different ranges.
        let w = Tensor(shape: [2, 3], scalars: [0.1, -0.06, 0.02, 10, -4, 3])
        let spec = QuantSpec.weights(bits: 4)
        let params = QuantParams(spec: spec, low: [-0.1, -10], high: [0.1, 10])
        let y = FakeQuant.forward(w, params)
        let s0: Float = 0.1 / 7, s1: Float = 10 / 7
        let expected: [Float] = [7 * s0, -4 * s0, 1 * s0, 7 * s1, -3 * s1, 2 * s1]
        for i in 0..<6 { #expect(abs(y[flat: i] - expected[i]) < 1e-5) }
    }

    @Test func perChannelAlongAxisOne() {
        // NCHW activations, per channel along axis 1: N=2, C=2, H·W=2.
        let x = Tensor(shape: [2, 2, 1, 2], scalars: [0.3, 0.6, 3, 6, 0.9, 0.1, 9, 1])
        let spec = QuantSpec(bits: 2, signed: false, symmetric: true, granularity: .perChannel(axis: 1))
        let params = QuantParams(spec: spec, low: [0, 0], high: [0.3, 3]) // steps 0.1 and 1
        let y = FakeQuant.forward(x, params)
        let expected: [Float] = [0.3, 0.3, 3, 3, 0.3, 0.1, 3, 1]
        for i in 0..<8 { #expect(abs(y[flat: i] - expected[i]) < 1e-6) }
    }

    @Test func straightThroughGradientPassesInsideTheClipRange() {
        let params = QuantParams(spec: QuantSpec(bits: 4, signed: false, symmetric: true), low: 0, high: 1.5)
        let x = Tensor(shape: [6], scalars: [-0.2, 0, 0.7, 1.49, 1.6, 3])
        let g = Tensor(shape: [6], scalars: [1, 2, 3, 4, 5, 6])
        let dx = FakeQuant.backward(g, input: x, params)
        #expect(dx.scalars == [0, 2, 3, 4, 0, 0])
    }

    @Test func accumulatingFormsMatchThePlainOnes() {
        let spec = QuantSpec.weights(bits: 3)
        let x = Samples.gaussian(4 * 50, std: 1).reshaped([4, 50])
        let params = QuantParams(spec: spec, low: [-1, -2, -0.5, -3], high: [1, 2, 0.5, 3])
        let g = Samples.gaussian(200, std: 1, seed: 9).reshaped([4, 50])
        let q = FakeQuant.forward(x, params)

        var mix = Tensor(repeating: 1, shape: [4, 50])
        FakeQuant.accumulate(x, params, weight: 0.25, into: &mix)
        #expect(maxAbsDifference(mix, Tensor(repeating: 1, shape: [4, 50]) + q * 0.25) < 1e-6)

        var dx = Tensor(repeating: 0.5, shape: [4, 50])
        let dot = FakeQuant.accumulateBackward(g, input: x, params, weight: 2, into: &dx)
        let expectedDx = Tensor(repeating: 0.5, shape: [4, 50]) + FakeQuant.backward(g, input: x, params) * 2
        #expect(maxAbsDifference(dx, expectedDx) < 1e-6)
        #expect(abs(dot - g.dot(q)) < 1e-4)
        #expect(abs(FakeQuant.innerProduct(g, quantizing: x, params) - g.dot(q)) < 1e-4)
    }

    @Test func allZeroChannelStaysFinite() {
        let params = QuantParams(spec: QuantSpec.weights(bits: 4), low: [0, -1], high: [0, 1])
        let y = FakeQuant.forward(Tensor(shape: [2, 2], scalars: [0, 0, 0.5, -1]), params)
        #expect(y.isFinite)
        #expect(y[flat: 0] == 0 && y[flat: 1] == 0)
    }
}
