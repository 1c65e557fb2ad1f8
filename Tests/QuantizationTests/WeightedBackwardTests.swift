import Testing
import Tensor
import Quantization

/// `weightedBackward`, the one-pass form the QAT mixture uses, against the
/// general form it replaces: backward(weight · g) added into dx, and
/// ⟨g, forward(x)⟩.
@Suite("QAT quantizers' one-pass backward")
struct WeightedBackwardTests {
    static func quantizers(for x: Tensor) -> [(String, any LearnableQuantizer)] {
        [("lsq weights", LSQQuantizer.weights(bits: 4, perChannel: true, initializingFrom: x)),
         ("lsq activations", LSQQuantizer.activations(bits: 3, initializingFrom: x)),
         ("pact signed", PACTQuantizer(bits: 4, alpha: 0.8, signed: true)),
         ("pact", PACTQuantizer(bits: 2, alpha: 0.5)),
         ("dorefa weights", DoReFaWeightQuantizer(bits: 3)),
         ("dorefa weights, unit scale", DoReFaWeightQuantizer(bits: 2, restoresScale: false)),
         ("dorefa activations", DoReFaActivationQuantizer(bits: 4))]
    }

    @Test("matches backward(weight · g) and ⟨g, Q(x)⟩", arguments: [[6, 5, 3, 3], [2, 3, 17, 19]])
    func matchesGeneralForm(shape: [Int]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(0, +)))
        let x = Tensor.randomNormal(shape, std: 0.5, generator: &rng)
        let g = Tensor.randomNormal(shape, generator: &rng)
        let start = Tensor.randomNormal(shape, generator: &rng)
        let weight: Float = 0.375
        for (name, q) in Self.quantizers(for: x) {
            var dx: Tensor? = start
            let r = q.weightedBackward(g, input: x, weight: weight, into: &dx)
            let general = q.backward(g * weight, input: x)
            var expected = start
            expected.addScaled(general.input)
            #expect(dx == expected, "\(name): input gradient")
            #expect(r.parameters.count == general.parameters.count, "\(name): parameter count")
            for (a, b) in zip(r.parameters, general.parameters) {
                #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "\(name): parameter gradient \(a) vs \(b)")
            }
            let inner = g.dot(q.forward(x))
            #expect(abs(r.inner - inner) <= 1e-5 * max(1, abs(inner)), "\(name): ⟨g, Q(x)⟩ \(r.inner) vs \(inner)")
            var none: Tensor?
            #expect(abs(q.weightedBackward(g, input: x, weight: weight, into: &none).inner - r.inner) <= 1e-9 * max(1, abs(inner)))
        }
    }
}
