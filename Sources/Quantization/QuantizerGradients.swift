import Tensor

/// Gradients of a `LearnableQuantizer`'s loss w.r.t. its input and parameters.
public struct QuantizerGradients: Sendable {
    public var input: Tensor
    /// Same layout as `LearnableQuantizer.parameters`.
    public var parameters: [Float]

    public init(input: Tensor, parameters: [Float]) {
        self.input = input
        self.parameters = parameters
    }
}
