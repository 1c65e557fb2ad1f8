/// What a convolution's backward pass returns.
public struct ConvGradients: Sendable {
    public var input: Tensor
    public var weight: Tensor
    public var bias: Tensor?

    public init(input: Tensor, weight: Tensor, bias: Tensor?) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }
}
