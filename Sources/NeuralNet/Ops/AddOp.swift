import Tensor

/// Element-wise sum of same-shaped inputs (residual connections).
public struct AddOp: GraphOp {
    public init() {}
    public var kind: String { "add" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count >= 2, inputShapes.allSatisfy({ $0 == inputShapes[0] }) else {
            throw ShapeError("add needs two or more inputs of one shape, got \(inputShapes)")
        }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        for x in inputs.dropFirst() { y.addScaled(x) }
        return OpResult(y)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: input.inputNeedsGradient.map { $0 ? input.gradOutput : nil })
    }
}
