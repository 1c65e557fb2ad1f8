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
        var quantizedInputs: [Tensor?]
        var quantizedWeights: [Tensor?]
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
        var wMix = Tensor(zeros: w.shape), xMix = Tensor(zeros: x.shape)
        var qw = [Tensor?](repeating: nil, count: wq.count), qx = [Tensor?](repeating: nil, count: aq.count)
        // Soft sides keep every candidate's output: the logit gradient needs ⟨g, Q_k(·)⟩ for all k.
        for j in wq.indices where beta[j] != 0 || weightSelection == .soft {
            let q = wq[j].forward(w)
            wMix.addScaled(q, alpha: beta[j])
            qw[j] = q
        }
        for i in aq.indices where alpha[i] != 0 || activationSelection == .soft {
            let q = aq[i].forward(x)
            xMix.addScaled(q, alpha: alpha[i])
            qx[i] = q
        }
        let y = layer.forward(xMix, weight: wMix, bias: hasBias ? p[1] : nil)
        return OpResult(y, saved: context.training
            ? Saved(mixedInput: xMix, mixedWeight: wMix, quantizedInputs: qx, quantizedWeights: qw, beta: beta, alpha: alpha)
            : nil)
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        guard let s = input.saved as? Saved else { preconditionFailure("QAT layer backward needs a training-mode forward pass") }
        let x = input.inputs[0], w = input.parameters[0], p = input.parameters
        let g = layer.backward(input.gradOutput, input: s.mixedInput, weight: s.mixedWeight, hasBias: hasBias,
                               needInputGradient: true)
        let dXMix = g.input!
        var grads = [Tensor?](repeating: nil, count: parameterSpecs.count)
        let wq = quantizers(weightQuantizers, weightQuantizerIndex, p)
        let aq = quantizers(activationQuantizers, activationQuantizerIndex, p)
        var dW = Tensor(zeros: w.shape), dX = Tensor(zeros: x.shape)
        var dBeta = [Double](repeating: 0, count: wq.count), dAlpha = [Double](repeating: 0, count: aq.count)
        for j in wq.indices {
            guard let q = s.quantizedWeights[j] else { continue }
            dBeta[j] = g.weight.dot(q)
            guard s.beta[j] != 0 else { continue }
            let r = wq[j].backward(g.weight * s.beta[j], input: w)
            dW.addScaled(r.input)
            if let k = weightQuantizerIndex[j] { grads[k] = Tensor(shape: [r.parameters.count], scalars: r.parameters) }
        }
        for i in aq.indices {
            guard let q = s.quantizedInputs[i] else { continue }
            dAlpha[i] = dXMix.dot(q)
            guard s.alpha[i] != 0 else { continue }
            let r = aq[i].backward(dXMix * s.alpha[i], input: x)
            dX.addScaled(r.input)
            if let k = activationQuantizerIndex[i] { grads[k] = Tensor(shape: [r.parameters.count], scalars: r.parameters) }
        }
        grads[0] = dW
        if hasBias { grads[1] = g.bias }
        let tau = input.context.temperature
        if weightSelection == .soft {
            grads[weightLogitsIndex] = Tensor(shape: [wq.count], scalars: Softmax.backward(probabilities: s.beta, gradient: dBeta, temperature: tau))
        }
        if activationSelection == .soft {
            grads[actLogitsIndex] = Tensor(shape: [aq.count], scalars: Softmax.backward(probabilities: s.alpha, gradient: dAlpha, temperature: tau))
        }
        return OpGradients(inputs: [input.inputNeedsGradient[0] ? dX : nil], parameters: grads)
    }
}
