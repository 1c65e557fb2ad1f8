import Testing
import Tensor
import Quantization

@Suite("Fused activation mixture")
struct FakeQuantMixtureTests {
    static func candidates() -> [QuantParams] {
        let u = QuantSpec(bits: 4, signed: false, symmetric: true)
        let a = QuantSpec(bits: 3, signed: true, symmetric: false)
        return [QuantParams(spec: u, low: 0, high: 2), QuantParams(spec: a, low: -1.2, high: 3.1),
                QuantParams(spec: u, low: 0, high: 0.7), QuantParams(spec: a, low: -0.4, high: 0.9)]
    }

    @Test("one pass equals the per-candidate passes, forward and backward", arguments: [1, 7, 8, 1029, 4000])
    func matchesPerCandidate(count: Int) {
        var rng = SeededGenerator(seed: UInt64(count))
        let x = Tensor.randomNormal([count], std: 1.5, generator: &rng)
        let g = Tensor.randomNormal([count], generator: &rng)
        let cands = Self.candidates()
        let w: [Float] = [0.1, 0.4, 0.3, 0.2]
        var expected = Tensor(zeros: x.shape)
        for (k, c) in cands.enumerated() { FakeQuant.accumulate(x, c, weight: w[k], into: &expected) }
        let fused = FakeQuant.mixture(x, cands, weights: w)
        var worst: Float = 0
        for i in 0..<count { worst = max(worst, abs(fused[flat: i] - expected[flat: i])) }
        #expect(worst < 1e-6)

        var expectedDx = Tensor(zeros: x.shape)
        let expectedInner = cands.enumerated().map { k, c in
            FakeQuant.accumulateBackward(g, input: x, c, weight: w[k], into: &expectedDx)
        }
        let (dx, inner) = FakeQuant.mixtureBackward(g, input: x, cands, weights: w, inputGradient: true)
        var worstDx: Float = 0
        for i in 0..<count { worstDx = max(worstDx, abs(dx![flat: i] - expectedDx[flat: i])) }
        #expect(worstDx < 1e-6)
        for k in cands.indices { #expect(abs(inner[k] - expectedInner[k]) < 1e-4 * max(1, abs(expectedInner[k]))) }
        let (none, innerOnly) = FakeQuant.mixtureBackward(g, input: x, cands, weights: w, inputGradient: false)
        #expect(none == nil)
        #expect(innerOnly == inner)
    }

    @Test("per-channel candidates are not fused")
    func perChannelIsNotFused() {
        let spec = QuantSpec.weights(bits: 4, perChannel: true)
        #expect(!FakeQuant.canFuse([QuantParams(spec: spec, low: -1, high: 1, channels: 3)]))
        #expect(FakeQuant.canFuse(Self.candidates()))
    }
}
