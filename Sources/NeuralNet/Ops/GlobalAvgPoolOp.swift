import Tensor

/// [H, W, C] → [C].
public struct GlobalAvgPoolOp: GraphOp {
    public init() {}
    public var kind: String { "globalavgpool" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("global average pooling takes one [H, W, C] input, got \(inputShapes)")
        }
        return [inputShapes[0][2]]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(GlobalAvgPool.forward(inputs[0]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [GlobalAvgPool.backward(input.gradOutput, inputShape: input.inputs[0].shape)])
    }
}
