import Tensor
import NeuralNet
import Quantization

/// A convolution or fully-connected layer whose weight and input activation
/// are fake-quantized by a mixture of candidate quantizers (DQSS):
///
///     y = layer( Σ_j β_j Q^w_j(W) , Σ_i α_i Q^a_i(X) ),  β = softmax(b/τ), α = softmax(a/τ)
///
/// The layer is bilinear in (W, X), so this one convolution equals the sum of
/// all M·N candidate-pair convolutions weighted by α_i β_j. With a fixed
/// selection on both sides it is an ordinary quantized layer (a uniform or
/// derived strategy), whose bias is then held on the int32 grid integer
/// kernels use (`BiasQuantization`). Parameters: "weight", "bias", "weight_logits" [M],
/// "act_logits" [N].
public struct QuantizedLayerOp: MixedLayerOp {
    public var layer: QuantizableLayer
    public var hasBias: Bool
    public var weightCandidates: [QuantParams]
    public var activationCandidates: [QuantParams]
    public var weightSelection: CandidateSelection
    public var activationSelection: CandidateSelection
    /// Q^w_j(W) per candidate, when the weights are frozen (post-training search):
    /// the weight side then costs M scaled additions per step.
    public var frozenQuantizedWeights: [Tensor]?

    public init(layer: QuantizableLayer, hasBias: Bool, weightCandidates: [QuantParams],
                activationCandidates: [QuantParams], weightSelection: CandidateSelection = .soft,
                activationSelection: CandidateSelection = .soft, frozenQuantizedWeights: [Tensor]? = nil) {
        precondition(!weightCandidates.isEmpty && !activationCandidates.isEmpty, "a quantized layer needs candidates")
        self.layer = layer
        self.hasBias = hasBias
        self.weightCandidates = weightCandidates
        self.activationCandidates = activationCandidates
        self.weightSelection = weightSelection
        self.activationSelection = activationSelection
        self.frozenQuantizedWeights = frozenQuantizedWeights
    }

    /// Positions of the logits among the parameters (after weight and optional bias).
    var weightLogitsIndex: Int { hasBias ? 2 : 1 }
    var actLogitsIndex: Int { weightLogitsIndex + 1 }

    public var parameterSpecs: [ParameterSpec] {
        floatSpecsAndLogits(weightCandidates: weightCandidates.count, activationCandidates: activationCandidates.count)
    }

    struct Saved: Sendable {
        var mixedInput: Tensor
        var mixedWeight: Tensor
        var beta: [Float]
        var alpha: [Float]
    }

    public func weightProbabilities(_ logits: Tensor, temperature: Float) -> [Float] {
        weightSelection.probabilities(logits: logits, temperature: temperature, count: weightCandidates.count)
    }

    public func activationProbabilities(_ logits: Tensor, temperature: Float) -> [Float] {
        activationSelection.probabilities(logits: logits, temperature: temperature, count: activationCandidates.count)
    }

    public func forward(_ inputs: [Tensor], parameters p: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0], w = p[0]
        let beta = weightProbabilities(p[weightLogitsIndex], temperature: context.temperature)
        let alpha = activationProbabilities(p[actLogitsIndex], temperature: context.temperature)
        let wMix = context.measure(kind, .forward, part: "weight mixture") { mixedWeight(w, beta: beta) }
        let xMix = context.measure(kind, .forward, part: "activation mixture") { mixedInput(x, alpha: alpha) }
        let y = context.measure(kind, .forward, part: "layer") {
            layer.forward(xMix, weight: wMix, bias: hasBias ? bias(p[1]) : nil)
        }
        return OpResult(y, saved: context.training ? Saved(mixedInput: xMix, mixedWeight: wMix, beta: beta, alpha: alpha) : nil)
    }

    /// The bias the layer adds: on the int32 grid s_x·s_w once both sides
    /// are fixed (a deployable strategy, as integer kernels add it); float
    /// while either side is still a mixture (no single grid exists).
    func bias(_ b: Tensor) -> Tensor {
        guard case .fixed(let j) = weightSelection, case .fixed(let i) = activationSelection else { return b }
        return BiasQuantization.quantized(b, activation: activationCandidates[i], weight: weightCandidates[j])
    }

    /// Σ_i α_i Q^a_i(x), in one pass over x when every candidate is per tensor.
    func mixedInput(_ x: Tensor, alpha: [Float]) -> Tensor {
        if activationSelection == .soft && FakeQuant.canFuse(activationCandidates) {
            return FakeQuant.mixture(x, activationCandidates, weights: alpha)
        }
        var xMix = Tensor(zeros: x.shape)
        for (i, a) in alpha.enumerated() where a != 0 {
            FakeQuant.accumulate(x, activationCandidates[i], weight: a, into: &xMix)
        }
        return xMix
    }

    func mixedWeight(_ w: Tensor, beta: [Float]) -> Tensor {
        if case .fixed(let j) = weightSelection, let frozen = frozenQuantizedWeights { return frozen[j] }
        var wMix = Tensor(zeros: w.shape)
        for (j, b) in beta.enumerated() where b != 0 {
            if let frozen = frozenQuantizedWeights {
                wMix.addScaled(frozen[j], alpha: b)
            } else {
                FakeQuant.accumulate(w, weightCandidates[j], weight: b, into: &wMix)
            }
        }
        return wMix
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        guard let saved = input.saved as? Saved else {
            preconditionFailure("quantized layer backward needs a training-mode forward pass")
        }
        let x = input.inputs[0], w = input.parameters[0], context = input.context
        let needX = input.inputNeedsGradient[0]
        let g = context.measure(kind, .backward, part: "layer") {
            layer.backward(input.gradOutput, input: saved.mixedInput, weight: saved.mixedWeight,
                           hasBias: hasBias, needInputGradient: true)
        }
        let (dx, dAlpha) = context.measure(kind, .backward, part: "activation mixture") {
            activationBackward(g.input!, input: x, alpha: saved.alpha, inputGradient: needX)
        }
        let (dW, dBeta) = context.measure(kind, .backward, part: "weight mixture") {
            weightBackward(g.weight, weight: w, beta: saved.beta)
        }
        let tau = input.context.temperature
        let dWeightLogits: Tensor? = weightSelection == .soft
            ? Tensor(shape: [weightCandidates.count], scalars: Softmax.backward(probabilities: saved.beta, gradient: dBeta, temperature: tau))
            : nil
        let dActLogits: Tensor? = activationSelection == .soft
            ? Tensor(shape: [activationCandidates.count], scalars: Softmax.backward(probabilities: saved.alpha, gradient: dAlpha, temperature: tau))
            : nil
        let params: [Tensor?] = hasBias ? [dW, g.bias, dWeightLogits, dActLogits] : [dW, dWeightLogits, dActLogits]
        return OpGradients(inputs: [dx], parameters: params)
    }

    /// The activation side's backward: the STE share of the input gradient
    /// (when wanted) and ⟨∂L/∂X_mix, Q^a_i(X)⟩ per candidate.
    func activationBackward(_ dXMix: Tensor, input x: Tensor, alpha: [Float],
                            inputGradient needX: Bool) -> (input: Tensor?, inner: [Double]) {
        if activationSelection == .soft && FakeQuant.canFuse(activationCandidates) {
            // One pass over X for every candidate (forward did the same).
            return FakeQuant.mixtureBackward(dXMix, input: x, activationCandidates, weights: alpha, inputGradient: needX)
        }
        var dx = Tensor(zeros: needX ? x.shape : [0])
        var dAlpha = [Double](repeating: 0, count: activationCandidates.count)
        let soft = activationSelection == .soft
        for (i, a) in alpha.enumerated() where soft || a != 0 {
            if needX && a != 0 {
                dAlpha[i] = FakeQuant.accumulateBackward(dXMix, input: x, activationCandidates[i], weight: a, into: &dx)
            } else if soft {
                dAlpha[i] = FakeQuant.innerProduct(dXMix, quantizing: x, activationCandidates[i])
            }
        }
        return (needX ? dx : nil, dAlpha)
    }

    /// The weight side's backward: ⟨∂L/∂W_mix, Q^w_j(W)⟩ per candidate, and
    /// the STE gradient to W only when W is trainable (no frozen copies).
    func weightBackward(_ dWMix: Tensor, weight w: Tensor, beta: [Float]) -> (weight: Tensor?, inner: [Double]) {
        var dBeta = [Double](repeating: 0, count: weightCandidates.count)
        let soft = weightSelection == .soft
        if let frozen = frozenQuantizedWeights {
            if soft { for j in beta.indices { dBeta[j] = dWMix.dot(frozen[j]) } }
            return (nil, dBeta)
        }
        var dW = Tensor(zeros: w.shape)
        for (j, b) in beta.enumerated() {
            if b != 0 {
                dBeta[j] = FakeQuant.accumulateBackward(dWMix, input: w, weightCandidates[j], weight: b, into: &dW)
            } else if soft {
                dBeta[j] = FakeQuant.innerProduct(dWMix, quantizing: w, weightCandidates[j])
            }
        }
        return (dW, dBeta)
    }
}
