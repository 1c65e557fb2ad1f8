import Tensor

/// min(max(x, 0), 6), as in MobileNetV2.
public struct ReLU6Op: GraphOp {
    public init() {}
    public var kind: String { "relu6" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(ReLU6.forward(inputs[0]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [ReLU6.backward(input.gradOutput, input: input.inputs[0])])
    }
}
