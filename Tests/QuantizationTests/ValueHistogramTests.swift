import Testing
import Tensor
import Quantization

@Suite("Value histogram")
struct ValueHistogramTests {
    func observe(_ h: inout ValueHistogram, _ values: [Float]) {
        values.withUnsafeBufferPointer { h.observe($0) }
    }

    @Test func growingTheRangeMergesBinsExactly() {
        var h = ValueHistogram(binsPerSide: 16)
        observe(&h, [1, 0.2, -0.55, 0, 0])
        #expect(h.range > 1 && h.range < 1.00001)
        #expect(h.positive[3] == 1 && h.positive[15] == 1 && h.negative[8] == 1)
        observe(&h, [3.6, -0.1])
        #expect(h.range > 4 && h.range < 4.0001)
        // Width is now just over 1/4: 0.2 → bin 0, 1 → bin 3, 3.6 → bin 14, −0.55 → bin 2.
        #expect(h.positive[0] == 1 && h.positive[3] == 1 && h.positive[14] == 1)
        #expect(h.negative[2] == 1 && h.negative[0] == 1)
        #expect(h.positive.reduce(0, +) + h.negative.reduce(0, +) + h.zeroCount == h.count)
        #expect(h.zeroCount == 2 && h.count == 7)
        #expect(h.minimum == -0.55 && h.maximum == 3.6)
    }

    @Test func ignoresNonFiniteValues() {
        var h = ValueHistogram(binsPerSide: 16)
        observe(&h, [.nan, .infinity, 2, -1])
        #expect(h.count == 2 && h.range > 2 && h.maxAbs == 2)
    }

    @Test func quantilesOfAUniformSample() {
        var h = ValueHistogram()
        let x = Samples.uniform(100_000, low: -1, high: 3)
        x.withUnsafeBufferPointer { h.observe($0) }
        #expect(abs(h.quantile(0.5) - 1) < 0.02)
        #expect(abs(h.quantile(0.1) - -0.6) < 0.02)
        // |x| ≤ t: for t ≤ 1, P = 2t/4, so the 25% quantile of |x| is 0.5.
        #expect(abs(h.absoluteQuantile(0.25) - 0.5) < 0.02)
    }

    @Test func emptyTensorsPassThrough() {
        let params = QuantParams(spec: QuantSpec(bits: 4, signed: true, symmetric: true), low: -1, high: 1)
        let empty = Tensor(zeros: [0, 3])
        #expect(FakeQuant.forward(empty, params).count == 0)
        #expect(FakeQuant.backward(empty, input: empty, params).count == 0)
    }
}
