import Tensor

public struct SigmoidOp: GraphOp {
    public init() {}
    public var kind: String { "sigmoid" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Sigmoid.forward(inputs[0]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [Sigmoid.backward(input.gradOutput, output: input.output)])
    }
}
