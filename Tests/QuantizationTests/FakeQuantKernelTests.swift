import Testing
import Tensor
import CKernels
import Quantization

/// The C kernels against the Swift reference (`FakeQuant.Reference`,
/// `referenceBackward`): element-wise results bit for bit, inner products up
/// to the order of summation; lengths that leave every kind of tail.
@Suite("Fake-quant kernels")
struct FakeQuantKernelTests {
    static let lengths = [0, 1, 7, 16, 17, 1029, 1_000_003]

    /// Gaussian values with about one in eight moved exactly onto a half step
    /// (ties for the rounding) or onto the clip range's ends.
    static func input(_ count: Int, scale: Float, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var x = Tensor.randomNormal([count], std: 6 * scale, generator: &rng)
        for i in stride(from: 0, to: count, by: 8) {
            let k = Float(Int(rng.nextUnit() * 20) - 10)
            x[flat: i] = (i / 8) % 3 == 2 ? 7 * scale : (k + 0.5) * scale
        }
        return x
    }

    static func gradient(_ count: Int, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return Tensor.randomNormal([count], generator: &rng)
    }

    /// Per tensor: signed symmetric, unsigned, affine (a zero point), all with power-of-two scales so ties are exact.
    static let candidates: [QuantParams] = [
        QuantParams(spec: QuantSpec(bits: 4, signed: true, symmetric: true), scales: [0.25], zeroPoints: [0]),
        QuantParams(spec: QuantSpec(bits: 4, signed: false, symmetric: true), scales: [0.125], zeroPoints: [0]),
        QuantParams(spec: QuantSpec(bits: 3, signed: true, symmetric: false), scales: [0.5], zeroPoints: [1]),
        QuantParams(spec: QuantSpec(bits: 4, signed: true, symmetric: true), low: -1.3, high: 1.7),
        QuantParams(spec: QuantSpec(bits: 8, signed: false, symmetric: false), low: -0.7, high: 2.9),
    ]

    /// Agreement of two sums up to the order of summation: relative to the
    /// result, or to `magnitude` (Σ|term|) where terms cancel.
    static func close(_ a: Double, _ b: Double, magnitude: Double = 0) -> Bool {
        abs(a - b) <= 1e-5 * max(1, abs(b)) + 1e-6 * magnitude
    }

    @Test("rounding half to even and clipping, with known answers in the vector body and the tail")
    func knownAnswers() {
        let params = QuantParams(spec: QuantSpec(bits: 4, signed: true, symmetric: true), scales: [1], zeroPoints: [0])
        let pattern: [(Float, Float)] = [(0.5, 0), (1.5, 2), (2.5, 2), (3.5, 4), (-0.5, 0), (-1.5, -2), (-2.5, -2),
                                         (2.4999, 2), (2.5001, 3), (6.5, 6), (7.4, 7), (9, 7), (-9, -7), (-6.5, -6)]
        let n = 3 * pattern.count + 5
        let x = Tensor(shape: [n], scalars: (0..<n).map { pattern[$0 % pattern.count].0 })
        let y = FakeQuant.forward(x, params)
        #expect(y.scalars == (0..<n).map { pattern[$0 % pattern.count].1 })
        // The straight-through mask covers the clip range itself, ends included.
        let g = Tensor(repeating: 1, shape: [n])
        let dx = FakeQuant.backward(g, input: x, params)
        #expect(dx.scalars == x.scalars.map { abs($0) <= 7 ? 1 : 0 })
    }

    @Test("forward, accumulate and backward equal the reference", arguments: lengths)
    func singleQuantizer(count: Int) {
        let x = Self.input(count, scale: 0.25, seed: 1), g = Self.gradient(count, seed: 2)
        for params in Self.candidates {
            #expect(FakeQuant.forward(x, params) == FakeQuant.Reference.forward(x, params))
            var mix = Self.gradient(count, seed: 3), reference = mix
            FakeQuant.accumulate(x, params, weight: 0.3, into: &mix)
            FakeQuant.Reference.accumulate(x, params, weight: 0.3, into: &reference)
            #expect(mix == reference)
            #expect(FakeQuant.backward(g, input: x, params) == FakeQuant.Reference.backward(g, input: x, params))
            var dx = mix, referenceDx = mix
            let inner = FakeQuant.accumulateBackward(g, input: x, params, weight: 0.7, into: &dx)
            let referenceInner = FakeQuant.Reference.accumulateBackward(g, input: x, params, weight: 0.7, into: &referenceDx)
            #expect(dx == referenceDx)
            #expect(Self.close(inner, referenceInner))
            #expect(Self.close(FakeQuant.innerProduct(g, quantizing: x, params), referenceInner))
        }
    }

    @Test("per-channel weights equal the reference", arguments: [[3, 5, 1, 1], [16, 16, 3, 3], [7, 3, 2, 5]])
    func perChannel(shape: [Int]) {
        var rng = SeededGenerator(seed: 4)
        let w = Tensor.randomNormal(shape, std: 0.3, generator: &rng)
        let g = Tensor.randomNormal(shape, generator: &rng)
        let spec = QuantSpec.weights(bits: 4, perChannel: true)
        let params = QuantParams(spec: spec, low: (0..<shape[0]).map { -0.2 - 0.1 * Float($0) },
                                 high: (0..<shape[0]).map { 0.3 + 0.05 * Float($0) })
        #expect(FakeQuant.forward(w, params) == FakeQuant.Reference.forward(w, params))
        var dx = Tensor(zeros: shape), referenceDx = dx
        let inner = FakeQuant.accumulateBackward(g, input: w, params, weight: 0.5, into: &dx)
        let referenceInner = FakeQuant.Reference.accumulateBackward(g, input: w, params, weight: 0.5, into: &referenceDx)
        #expect(dx == referenceDx)
        #expect(Self.close(inner, referenceInner))
    }

    @Test("the fused mixture and its backward equal the reference", arguments: lengths)
    func mixture(count: Int) {
        let x = Self.input(count, scale: 0.125, seed: 5), g = Self.gradient(count, seed: 6)
        let weights: [Float] = [0.1, 0.3, 0.05, 0.25, 0.3]
        #expect(FakeQuant.mixture(x, Self.candidates, weights: weights)
                == FakeQuant.Reference.mixture(x, Self.candidates, weights: weights))
        let fused = FakeQuant.mixtureBackward(g, input: x, Self.candidates, weights: weights, inputGradient: true)
        let reference = FakeQuant.Reference.mixtureBackward(g, input: x, Self.candidates, weights: weights, inputGradient: true)
        #expect(fused.input == reference.input)
        for k in weights.indices { #expect(Self.close(fused.inner[k], reference.inner[k])) }
        let innerOnly = FakeQuant.mixtureBackward(g, input: x, Self.candidates, weights: weights, inputGradient: false)
        #expect(innerOnly.input == nil && innerOnly.inner == fused.inner)
    }

    @Test("unaligned buffers give the same results as aligned ones")
    func unaligned() {
        let n = 1003
        let x = Self.input(n + 3, scale: 0.25, seed: 7), g = Self.gradient(n + 3, seed: 8)
        let grids = Self.candidates.map { ck_grid(scale: $0.scales[0], inverse_scale: 1 / $0.scales[0],
                                                   low: Float($0.spec.qmin - $0.zeroPoints[0]),
                                                   high: Float($0.spec.qmax - $0.zeroPoints[0])) }
        let weights: [Float] = [0.2, 0.2, 0.2, 0.2, 0.2]
        for offset in 1...3 {
            let xs = Tensor(shape: [n], scalars: Array(x.scalars[offset..<(offset + n)]))
            let gs = Tensor(shape: [n], scalars: Array(g.scalars[offset..<(offset + n)]))
            let expected = FakeQuant.Reference.mixture(xs, Self.candidates, weights: weights)
            let expectedBackward = FakeQuant.Reference.mixtureBackward(gs, input: xs, Self.candidates, weights: weights,
                                                                       inputGradient: true)
            var out = [Float](repeating: 0, count: n + 3), dx = out
            var inner = [Double](repeating: 0, count: weights.count)
            x.scalars.withUnsafeBufferPointer { px in
                g.scalars.withUnsafeBufferPointer { pg in
                    out.withUnsafeMutableBufferPointer { po in
                        dx.withUnsafeMutableBufferPointer { pd in
                            ck_fake_quant_mixture(px.baseAddress! + offset, po.baseAddress! + (3 - offset), n,
                                                  grids, weights, Int32(weights.count))
                            ck_fake_quant_mixture_backward(pg.baseAddress! + offset, px.baseAddress! + offset,
                                                           pd.baseAddress! + offset, n, grids, weights,
                                                           Int32(weights.count), &inner)
                        }
                    }
                }
            }
            #expect(Array(out[(3 - offset)..<(3 - offset + n)]) == expected.scalars)
            #expect(Array(dx[offset..<(offset + n)]) == expectedBackward.input!.scalars)
            for k in weights.indices { #expect(Self.close(inner[k], expectedBackward.inner[k])) }
        }
    }

    @Test("LSQ backward equals the reference; the weighted form adds the same share", arguments: lengths)
    func lsq(count: Int) {
        let x = Self.input(count, scale: 0.25, seed: 9), g = Self.gradient(count, seed: 10)
        for q in [LSQQuantizer(spec: QuantSpec(bits: 4, signed: true, symmetric: true, narrowRange: false),
                               role: .activations, stepSizes: [0.25]),
                  LSQQuantizer(spec: QuantSpec(bits: 3, signed: false, symmetric: true), role: .activations, stepSizes: [0.5])] {
            let r = q.backward(g, input: x), reference = q.referenceBackward(g, input: x)
            #expect(r.input == reference.input)
            #expect(Self.close(Double(r.parameters[0]), Double(reference.parameters[0])))
            var dx: Tensor? = Tensor(zeros: x.shape)
            let weighted = q.weightedBackward(g, input: x, weight: 0.5, into: &dx)
            #expect(dx == (g * 0.5).withMask(of: reference.input))
            #expect(Self.close(Double(weighted.parameters[0]), 0.5 * Double(reference.parameters[0])))
            #expect(Self.close(weighted.inner, FakeQuant.Reference.innerProduct(g, quantizing: x, q.quantParams)))
        }
    }

    @Test("LSQ per-channel step gradients equal the reference")
    func lsqPerChannel() {
        var rng = SeededGenerator(seed: 11)
        let w = Tensor.randomNormal([8, 4, 3, 3], std: 0.2, generator: &rng)
        let g = Tensor.randomNormal(w.shape, generator: &rng)
        let q = LSQQuantizer.weights(bits: 4, perChannel: true, initializingFrom: w)
        let r = q.backward(g, input: w), reference = q.referenceBackward(g, input: w)
        #expect(r.input == reference.input)
        for c in 0..<8 { #expect(Self.close(Double(r.parameters[c]), Double(reference.parameters[c]))) }
    }

    @Test("PACT backward equals the reference, signed and unsigned", arguments: lengths)
    func pact(count: Int) {
        let x = Self.input(count, scale: 0.25, seed: 12), g = Self.gradient(count, seed: 13)
        let magnitude = g.scalars.reduce(0) { $0 + Double(abs($1)) }
        for q in [PACTQuantizer(bits: 4, alpha: 1.5), PACTQuantizer(bits: 3, alpha: 2, signed: true)] {
            let r = q.backward(g, input: x), reference = q.referenceBackward(g, input: x)
            #expect(r.input == reference.input)
            #expect(Self.close(Double(r.parameters[0]), Double(reference.parameters[0]), magnitude: magnitude))
            var dx: Tensor? = Tensor(zeros: x.shape)
            let weighted = q.weightedBackward(g, input: x, weight: 0.25, into: &dx)
            #expect(dx == (g * 0.25).withMask(of: reference.input))
            #expect(Self.close(Double(weighted.parameters[0]), 0.25 * Double(reference.parameters[0]), magnitude: magnitude))
            #expect(Self.close(weighted.inner, FakeQuant.Reference.innerProduct(g, quantizing: x, q.quantParams)))
        }
    }

    @Test("DoReFa activations: the weighted backward is the straight-through share")
    func doReFaActivations() {
        let x = Self.input(4099, scale: 0.125, seed: 14), g = Self.gradient(4099, seed: 15)
        let q = DoReFaActivationQuantizer(bits: 3)
        var dx: Tensor? = Tensor(zeros: x.shape)
        let weighted = q.weightedBackward(g, input: x, weight: 0.5, into: &dx)
        #expect(dx == (g * 0.5).withMask(of: q.backward(g, input: x).input))
        #expect(Self.close(weighted.inner, FakeQuant.Reference.innerProduct(g, quantizing: x, q.quantParams)))
    }
}

extension Tensor {
    /// self where `mask` is nonzero, else 0.
    func withMask(of mask: Tensor) -> Tensor {
        Tensor(shape: shape, scalars: zip(scalars, mask.scalars).map { $1 != 0 ? $0 : 0 })
    }
}
