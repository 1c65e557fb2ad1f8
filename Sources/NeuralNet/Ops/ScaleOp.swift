import Tensor

/// Multiplies by a constant (EDSR's residual scaling).
public struct ScaleOp: GraphOp {
    public var factor: Float
    public init(factor: Float) { self.factor = factor }
    public var kind: String { "scale" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(inputs[0] * factor)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [input.gradOutput * factor])
    }
}
