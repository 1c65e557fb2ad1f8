import Tensor

/// [C, H, W] → [C·H·W].
public struct FlattenOp: GraphOp {
    public init() {}
    public var kind: String { "flatten" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("flatten takes one input") }
        return [inputShapes[0].reduce(1, *)]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(inputs[0].reshaped([inputs[0].shape[0], -1]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [input.gradOutput.reshaped(input.inputs[0].shape)])
    }
}
