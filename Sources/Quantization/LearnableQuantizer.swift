import Tensor

/// A quantization-aware-training quantizer: a fake-quant forward, and a
/// backward that returns the gradient for its input (straight-through, in the
/// convention of its paper) and for its own learnable parameters.
public protocol LearnableQuantizer: Sendable {
    /// Learnable parameters, flattened (LSQ step sizes, PACT's clip); empty
    /// when there are none. An optimizer updates them in place.
    var parameters: [Float] { get set }
    func forward(_ x: Tensor) -> Tensor
    func backward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients

    /// The fixed fake-quant grid the forward applies, when it is one (nil for
    /// DoReFa weights, which normalise through tanh first): lets a mixture of
    /// such quantizers run as one fused pass.
    var fakeQuantParams: QuantParams? { get }

    /// The backward of weight · Q(x), in one pass where the quantizer has a
    /// fused kernel: adds weight · ∂Q/∂x ⊙ g into `dx` (when given), and
    /// returns the gradient of ⟨g, weight · Q(x)⟩ for the parameters and
    /// ⟨g, Q(x)⟩ (what the mixture's logit gradient needs).
    func weightedBackward(_ gradOutput: Tensor, input x: Tensor, weight: Float,
                          into dx: inout Tensor?) -> (parameters: [Float], inner: Double)
}

extension LearnableQuantizer {
    public var fakeQuantParams: QuantParams? { nil }

    /// out += weight · Q(x).
    public func accumulateForward(_ x: Tensor, weight: Float, into out: inout Tensor) {
        if let params = fakeQuantParams {
            FakeQuant.accumulate(x, params, weight: weight, into: &out)
        } else {
            out.addScaled(forward(x), alpha: weight)
        }
    }

    /// The general form, from `forward` and `backward`.
    public func weightedBackward(_ gradOutput: Tensor, input x: Tensor, weight: Float,
                                 into dx: inout Tensor?) -> (parameters: [Float], inner: Double) {
        let r = backward(gradOutput * weight, input: x)
        dx?.addScaled(r.input)
        return (r.parameters, gradOutput.dot(forward(x)))
    }
}
