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
}
