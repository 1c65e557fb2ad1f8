import Testing
import Tensor
import NeuralNet
import Quantization
import Search
import TestSupport

/// One mixed 3×3 convolution over random data with three weight and two
/// activation candidates of different ranges.
struct MixedLayerFixture {
    let geometry = ConvGeometry(inChannels: 3, outChannels: 4, kernel: 3, padding: 1)
    var x: Tensor
    var w: Tensor
    var bias: Tensor
    var op: QuantizedLayerOp
    var weightLogits: Tensor
    var actLogits: Tensor

    init(frozen: Bool, seed: UInt64 = 1) {
        var rng = SeededGenerator(seed: seed)
        x = Tensor.randomNormal([2, 5, 5, 3], generator: &rng)
        let weight = Tensor.randomNormal(ConvGeometry(inChannels: 3, outChannels: 4, kernel: 3, padding: 1).weightShape,
                                         std: 0.5, generator: &rng)
        w = weight
        bias = Tensor.randomNormal([4], generator: &rng)
        let wSpec = QuantSpec.weights(bits: 4, perChannel: true)
        let weightCandidates = [0.6, 1.0, 1.6].map { QuantParams(spec: wSpec, low: Float(-$0), high: Float($0), channels: 4) }
        let aSpec = QuantSpec(bits: 4, signed: true, symmetric: false)
        let actCandidates = [QuantParams(spec: aSpec, low: -1.5, high: 1.5), QuantParams(spec: aSpec, low: -3, high: 2.5)]
        op = QuantizedLayerOp(layer: .conv(geometry), hasBias: true, weightCandidates: weightCandidates,
                              activationCandidates: actCandidates,
                              frozenQuantizedWeights: frozen ? weightCandidates.map { FakeQuant.forward(weight, $0) } : nil)
        weightLogits = Tensor(shape: [3], scalars: [0.3, -0.2, 0.5])
        actLogits = Tensor(shape: [2], scalars: [-0.4, 0.1])
    }

    func forward(x: Tensor? = nil, w: Tensor? = nil, wl: Tensor? = nil, al: Tensor? = nil, tau: Float = 0.7) -> Tensor {
        op.forward([x ?? self.x], parameters: [w ?? self.w, bias, wl ?? weightLogits, al ?? actLogits],
                   context: ExecutionContext(training: true, temperature: tau)).output
    }

    func gradients(_ r: Tensor, tau: Float = 0.7) -> OpGradients {
        let params = [w, bias, weightLogits, actLogits]
        let ctx = ExecutionContext(training: true, temperature: tau)
        let result = op.forward([x], parameters: params, context: ctx)
        return op.backward(BackwardInput(gradOutput: r, inputs: [x], output: result.output, parameters: params,
                                         saved: result.saved, inputNeedsGradient: [true], context: ctx))
    }
}

@Suite("Mixed quantized layer")
struct QuantizedLayerOpTests {
    @Test("one convolution of the mixtures equals the α·β-weighted sum of all candidate-pair convolutions")
    func efficientConvolutionIsExact() {
        let f = MixedLayerFixture(frozen: false)
        let beta = Softmax.probabilities(f.weightLogits.scalars, temperature: 0.7)
        let alpha = Softmax.probabilities(f.actLogits.scalars, temperature: 0.7)
        var naive = Tensor(zeros: [2, 5, 5, 4])
        for (i, a) in alpha.enumerated() {
            for (j, b) in beta.enumerated() {
                let y = Convolution.forward(FakeQuant.forward(f.x, f.op.activationCandidates[i]),
                                            weight: FakeQuant.forward(f.w, f.op.weightCandidates[j]), bias: nil,
                                            geometry: f.geometry)
                naive.addScaled(y, alpha: a * b)
            }
        }
        var withBias = naive
        Convolution.addChannelBias(&withBias, f.bias)
        #expect(maxAbsDifference(f.forward(), withBias) < 1e-4)
    }

    @Test("logit gradients match finite differences", arguments: [false, true])
    func logitGradients(frozen: Bool) {
        let f = MixedLayerFixture(frozen: frozen)
        var rng = SeededGenerator(seed: 3)
        let r = Tensor.randomNormal([2, 5, 5, 4], generator: &rng)
        let g = f.gradients(r)
        let dwl = GradientCheck.maxRelativeError(of: { f.forward(wl: $0) }, at: f.weightLogits, projection: r,
                                                 analytic: g.parameters[2]!, step: 1e-2)
        let dal = GradientCheck.maxRelativeError(of: { f.forward(al: $0) }, at: f.actLogits, projection: r,
                                                 analytic: g.parameters[3]!, step: 1e-2)
        // Float32 forward passes limit the difference quotient to ~1e-3 here (a smaller
        // step makes it worse, not better); a missing term of the softmax backward or
        // the 1/τ factor would be off by tens of percent.
        #expect(dwl.error < 5e-3, "\(String(describing: dwl.worst))")
        #expect(dal.error < 5e-3, "\(String(describing: dal.worst))")
    }

    @Test("input and weight gradients are the straight-through ones: exact for the clipped (un-rounded) surrogate")
    func straightThroughGradients() {
        let f = MixedLayerFixture(frozen: false)
        var rng = SeededGenerator(seed: 4)
        let r = Tensor.randomNormal([2, 5, 5, 4], generator: &rng)
        let g = f.gradients(r)
        let beta = Softmax.probabilities(f.weightLogits.scalars, temperature: 0.7)
        let alpha = Softmax.probabilities(f.actLogits.scalars, temperature: 0.7)
        // The STE treats round() as the identity, so the surrogate is the mixture of clipped tensors.
        func clipMix(_ t: Tensor, _ candidates: [QuantParams], _ p: [Float]) -> Tensor {
            var out = Tensor(zeros: t.shape)
            let perChannel = candidates[0].channelCount > 1
            let inner = t.count / (perChannel ? t.shape[0] : 1)
            for (k, c) in candidates.enumerated() {
                for i in 0..<t.count {
                    let ch = perChannel ? i / inner : 0
                    out[flat: i] += p[k] * min(max(t[flat: i], c.clipLow[ch]), c.clipHigh[ch])
                }
            }
            return out
        }
        let surrogateX = { (x: Tensor) in
            Convolution.forward(clipMix(x, f.op.activationCandidates, alpha),
                                weight: clipMix(f.w, f.op.weightCandidates, beta), bias: f.bias, geometry: f.geometry)
        }
        let surrogateW = { (w: Tensor) in
            Convolution.forward(clipMix(f.x, f.op.activationCandidates, alpha),
                                weight: clipMix(w, f.op.weightCandidates, beta), bias: f.bias, geometry: f.geometry)
        }
        // The analytic gradient uses the quantized (not clipped) mixtures in the convolution's
        // backward, so compare against the surrogate at a tolerance covering one quantization step.
        let dx = GradientCheck.maxRelativeError(of: surrogateX, at: f.x, projection: r, analytic: g.inputs[0]!, step: 1e-3)
        let dw = GradientCheck.maxRelativeError(of: surrogateW, at: f.w, projection: r, analytic: g.parameters[0]!, step: 1e-3)
        #expect(dx.error < 0.15, "\(String(describing: dx.worst))")
        #expect(dw.error < 0.15, "\(String(describing: dw.worst))")
    }

    @Test("a fixed selection is an ordinary quantized layer and gives its logits no gradient")
    func fixedSelection() {
        var f = MixedLayerFixture(frozen: true)
        f.op.weightSelection = .fixed(1)
        f.op.activationSelection = .fixed(0)
        // The bias sits on the int32 grid s_x·s_w once both sides are fixed.
        let bias = BiasQuantization.quantized(f.bias, activation: f.op.activationCandidates[0],
                                              weight: f.op.weightCandidates[1])
        #expect(bias != f.bias)
        let expected = Convolution.forward(FakeQuant.forward(f.x, f.op.activationCandidates[0]),
                                           weight: FakeQuant.forward(f.w, f.op.weightCandidates[1]), bias: bias,
                                           geometry: f.geometry)
        #expect(maxAbsDifference(f.forward(), expected) < 1e-5)
        var rng = SeededGenerator(seed: 5)
        let g = f.gradients(Tensor.randomNormal([2, 5, 5, 4], generator: &rng))
        #expect(g.parameters[2] == nil && g.parameters[3] == nil)
    }
}
