import Testing
import Tensor
import Quantization

@Suite("Bias quantization")
struct BiasQuantizationTests {
    static let activation = QuantParams(spec: QuantSpec(bits: 4, signed: false, symmetric: true), scales: [0.5], zeroPoints: [0])

    @Test("codes on s_x·s_w per output channel, rounding half to even")
    func codesPerChannel() {
        let weight = QuantParams(spec: QuantSpec(bits: 4, signed: true, symmetric: true, granularity: .perChannel(axis: 0)),
                                 scales: [0.25, 0.1, 0.5], zeroPoints: [0, 0, 0])
        let scales = BiasQuantization.scales(activation: Self.activation, weight: weight, channels: 3)
        #expect(scales == [0.125, 0.05, 0.25])
        // 0.3125 / 0.125 = 2.5 → 2 (even); 0.071 / 0.05 = 1.42 → 1; −0.375 / 0.25 = −1.5 → −2 (even).
        let bias = Tensor(shape: [3], scalars: [0.3125, 0.071, -0.375])
        #expect(BiasQuantization.codes(bias, scales: scales) == [2, 1, -2])
        #expect(BiasQuantization.quantized(bias, activation: Self.activation, weight: weight).scalars == [0.25, 0.05, -0.5])
    }

    @Test("a per-tensor weight scale serves every channel; huge ratios saturate at the int32 range")
    func perTensorAndSaturation() {
        let weight = QuantParams(spec: QuantSpec(bits: 8, signed: true, symmetric: true), scales: [1e-6], zeroPoints: [0])
        let scales = BiasQuantization.scales(activation: Self.activation, weight: weight, channels: 2)
        #expect(scales == [5e-7, 5e-7])
        let codes = BiasQuantization.codes(Tensor(shape: [2], scalars: [1e6, -1e6]), scales: scales)
        #expect(codes == [Int32.max, Int32.min])
    }
}
