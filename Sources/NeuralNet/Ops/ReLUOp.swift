import Tensor

public struct ReLUOp: GraphOp {
    public init() {}
    public var kind: String { "relu" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("relu takes one input") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(ReLU.forward(inputs[0]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [ReLU.backward(input.gradOutput, output: input.output)])
    }
}
