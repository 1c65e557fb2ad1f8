import Tensor

/// DoReFa-Net activation quantization (Zhou et al. 2016): clip to [0, 1], then
/// round(x·n)/n with n = 2^k − 1. Straight-through gradient on [0, 1], zero
/// outside. No learnable parameters; negative inputs are clipped to 0 (the
/// paper's networks quantize post-ReLU activations only).
public struct DoReFaActivationQuantizer: LearnableQuantizer {
    public let bits: Int

    public init(bits: Int) {
        precondition((2...8).contains(bits), "DoReFa needs 2…8 bits, got \(bits)")
        self.bits = bits
    }

    public var parameters: [Float] {
        get { [] }
        set { precondition(newValue.isEmpty, "DoReFa activations have no learnable parameters") }
    }

    /// The equivalent fixed fake-quant parameters: unsigned, range [0, 1].
    public var quantParams: QuantParams {
        QuantParams(spec: QuantSpec(bits: bits, signed: false, symmetric: true), low: 0, high: 1)
    }

    public func forward(_ x: Tensor) -> Tensor {
        FakeQuant.forward(x, quantParams)
    }

    public var fakeQuantParams: QuantParams? { quantParams }

    public func backward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        QuantizerGradients(input: FakeQuant.backward(gradOutput, input: x, quantParams), parameters: [])
    }

    public func weightedBackward(_ gradOutput: Tensor, input x: Tensor, weight: Float,
                                 into dx: inout Tensor?) -> (parameters: [Float], inner: Double) {
        guard dx != nil else { return ([], FakeQuant.innerProduct(gradOutput, quantizing: x, quantParams)) }
        return ([], FakeQuant.accumulateBackward(gradOutput, input: x, quantParams, weight: weight, into: &dx!))
    }
}
