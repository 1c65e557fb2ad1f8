import Tensor
import NeuralNet
import Quantization

/// The quantization-aware-training form of the mixed layer: candidates are
/// learnable quantizers (LSQ, PACT, DoReFa) whose parameters live in the
/// graph ("wq0", "aq1", …) and train with the weights, while the logits choose
/// among them — all from one forward and one backward pass.
public struct QATLayerOp: MixedLayerOp {
    public var layer: QuantizableLayer
    public var hasBias: Bool
    public var weightQuantizers: [any LearnableQuantizer]
    public var activationQuantizers: [any LearnableQuantizer]
    public var weightSelection: CandidateSelection = .soft
    public var activationSelection: CandidateSelection = .soft

    public init(layer: QuantizableLayer, hasBias: Bool, weightQuantizers: [any LearnableQuantizer],
                activationQuantizers: [any LearnableQuantizer]) {
        precondition(!weightQuantizers.isEmpty && !activationQuantizers.isEmpty, "a QAT layer needs candidates")
        self.layer = layer
        self.hasBias = hasBias
        self.weightQuantizers = weightQuantizers
        self.activationQuantizers = activationQuantizers
    }

    var base: Int { hasBias ? 2 : 1 }
    var weightLogitsIndex: Int { base }
    var actLogitsIndex: Int { base + 1 }
    /// Parameter index of each candidate's learnable parameters (nil: none).
    var weightQuantizerIndex: [Int?] { indices(weightQuantizers, from: base + 2) }
    var activationQuantizerIndex: [Int?] {
        indices(activationQuantizers, from: base + 2 + weightQuantizers.filter { !$0.parameters.isEmpty }.count)
    }

    private func indices(_ qs: [any LearnableQuantizer], from start: Int) -> [Int?] {
        var next = start
        return qs.map { q in
            guard !q.parameters.isEmpty else { return nil }
            defer { next += 1 }
            return next
        }
    }

    public var parameterSpecs: [ParameterSpec] {
        var specs = floatSpecsAndLogits(weightCandidates: weightQuantizers.count, activationCandidates: activationQuantizers.count)
        for (j, q) in weightQuantizers.enumerated() where !q.parameters.isEmpty {
            specs.append(ParameterSpec("wq\(j)", shape: [q.parameters.count], initializer: .zeros))
        }
        for (i, q) in activationQuantizers.enumerated() where !q.parameters.isEmpty {
            specs.append(ParameterSpec("aq\(i)", shape: [q.parameters.count], initializer: .zeros))
        }
        return specs
    }

    /// The quantizers' initial parameters, to store in the graph after rewriting.
    public var initialQuantizerParameters: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (j, q) in weightQuantizers.enumerated() where !q.parameters.isEmpty {
            out["wq\(j)"] = Tensor(shape: [q.parameters.count], scalars: q.parameters)
        }
        for (i, q) in activationQuantizers.enumerated() where !q.parameters.isEmpty {
            out["aq\(i)"] = Tensor(shape: [q.parameters.count], scalars: q.parameters)
        }
        return out
    }

    struct Saved: Sendable {
        var mixedInput: Tensor
        var mixedWeight: Tensor
        var beta: [Float]
        var alpha: [Float]
    }

    func quantizers(_ qs: [any LearnableQuantizer], _ index: [Int?], _ p: [Tensor]) -> [any LearnableQuantizer] {
        zip(qs, index).map { q, k in
            var q = q
            if let k { q.parameters = p[k].scalars }
            return q
        }
    }

    public func probabilities(_ p: [Tensor], temperature: Float) -> (weight: [Float], activation: [Float]) {
        (weightSelection.probabilities(logits: p[weightLogitsIndex], temperature: temperature, count: weightQuantizers.count),
         activationSelection.probabilities(logits: p[actLogitsIndex], temperature: temperature, count: activationQuantizers.count))
    }

    public func forward(_ inputs: [Tensor], parameters p: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0], w = p[0]
        let (beta, alpha) = probabilities(p, temperature: context.temperature)
        let wq = quantizers(weightQuantizers, weightQuantizerIndex, p)
        let aq = quantizers(activationQuantizers, activationQuantizerIndex, p)
        let wMix = context.measure(kind, .forward, part: "weight quantizers") {
            Self.mixture(w, wq, weights: beta, soft: weightSelection == .soft)
        }
        let xMix = context.measure(kind, .forward, part: "activation quantizers") {
            Self.mixture(x, aq, weights: alpha, soft: activationSelection == .soft)
        }
        let b = hasBias ? deployedBias(p[1], weight: w, wq, aq) : nil
        let y = context.measure(kind, .forward, part: "layer") { layer.forward(xMix, weight: wMix, bias: b) }
        return OpResult(y, saved: context.training ? Saved(mixedInput: xMix, mixedWeight: wMix, beta: beta, alpha: alpha) : nil)
    }

    /// Σ_k w_k Q_k(v): one fused pass when every candidate is a per-tensor
    /// fake quantizer and the side is soft, else candidate by candidate
    /// (skipping zero weights: a fixed side costs one quantizer).
    static func mixture(_ v: Tensor, _ qs: [any LearnableQuantizer], weights: [Float], soft: Bool) -> Tensor {
        let params = qs.compactMap(\.fakeQuantParams)
        if soft && params.count == qs.count && FakeQuant.canFuse(params) {
            return FakeQuant.mixture(v, params, weights: weights)
        }
        var out = Tensor(zeros: v.shape)
        for (q, w) in zip(qs, weights) where w != 0 { q.accumulateForward(v, weight: w, into: &out) }
        return out
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        guard let s = input.saved as? Saved else { preconditionFailure("QAT layer backward needs a training-mode forward pass") }
        let x = input.inputs[0], w = input.parameters[0], p = input.parameters, context = input.context
        let g = context.measure(kind, .backward, part: "layer") {
            layer.backward(input.gradOutput, input: s.mixedInput, weight: s.mixedWeight, hasBias: hasBias,
                           needInputGradient: true)
        }
        var grads = [Tensor?](repeating: nil, count: parameterSpecs.count)
        let wq = quantizers(weightQuantizers, weightQuantizerIndex, p)
        let aq = quantizers(activationQuantizers, activationQuantizerIndex, p)
        var dW: Tensor? = Tensor(zeros: w.shape)
        var dX: Tensor? = input.inputNeedsGradient[0] ? Tensor(zeros: x.shape) : nil
        let dBeta = context.measure(kind, .backward, part: "weight quantizers") {
            Self.mixtureBackward(g.weight, input: w, wq, weights: s.beta, soft: weightSelection == .soft,
                                 parameterIndex: weightQuantizerIndex, into: &dW, parameterGradients: &grads)
        }
        let dAlpha = context.measure(kind, .backward, part: "activation quantizers") {
            Self.mixtureBackward(g.input!, input: x, aq, weights: s.alpha, soft: activationSelection == .soft,
                                 parameterIndex: activationQuantizerIndex, into: &dX, parameterGradients: &grads)
        }
        grads[0] = dW
        if hasBias { grads[1] = g.bias }
        let tau = context.temperature
        if weightSelection == .soft {
            grads[weightLogitsIndex] = Tensor(shape: [wq.count], scalars: Softmax.backward(probabilities: s.beta, gradient: dBeta, temperature: tau))
        }
        if activationSelection == .soft {
            grads[actLogitsIndex] = Tensor(shape: [aq.count], scalars: Softmax.backward(probabilities: s.alpha, gradient: dAlpha, temperature: tau))
        }
        return OpGradients(inputs: [dX], parameters: grads)
    }

    /// One side's backward: the input gradient share of every candidate with
    /// a nonzero weight (into `dv`, when given) and its parameters' gradient
    /// (into `parameterGradients`); returns ⟨g, Q_k(v)⟩ per candidate where
    /// the logits need it (soft sides) or it comes for free.
    static func mixtureBackward(_ g: Tensor, input v: Tensor, _ qs: [any LearnableQuantizer], weights: [Float], soft: Bool,
                                parameterIndex: [Int?], into dv: inout Tensor?,
                                parameterGradients: inout [Tensor?]) -> [Double] {
        var inner = [Double](repeating: 0, count: qs.count)
        for k in qs.indices {
            if weights[k] != 0 {
                let r = qs[k].weightedBackward(g, input: v, weight: weights[k], into: &dv)
                inner[k] = r.inner
                if let i = parameterIndex[k] { parameterGradients[i] = Tensor(shape: [r.parameters.count], scalars: r.parameters) }
            } else if soft {
                var none: Tensor?
                inner[k] = qs[k].weightedBackward(g, input: v, weight: 0, into: &none).inner
            }
        }
        return inner
    }
}
