import Tensor

/// Element-wise product of two inputs of one shape. (The kernel's per-channel
/// broadcast takes a single [1, C, 1, 1] factor for the whole batch, which is
/// not a per-sample graph value, so the op accepts equal shapes only.)
public struct MultiplyOp: GraphOp {
    public init() {}
    public var kind: String { "multiply" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 2, inputShapes[0] == inputShapes[1] else {
            throw ShapeError("multiply needs two inputs of one shape, got \(inputShapes)")
        }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Multiply.forward(inputs[0], inputs[1]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        let g = Multiply.backward(input.gradOutput, lhs: input.inputs[0], rhs: input.inputs[1])
        return OpGradients(inputs: [g.lhs, g.rhs])
    }
}
