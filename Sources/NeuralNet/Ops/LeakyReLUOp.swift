import Tensor

/// x for x > 0, slope · x otherwise, with a fixed slope.
public struct LeakyReLUOp: GraphOp {
    public var slope: Float
    public init(slope: Float = 0.01) { self.slope = slope }
    public var kind: String { "leakyrelu" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(LeakyReLU.forward(inputs[0], slope: slope))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [LeakyReLU.backward(input.gradOutput, input: input.inputs[0], slope: slope)])
    }
}
