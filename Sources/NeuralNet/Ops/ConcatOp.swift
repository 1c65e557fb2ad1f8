import Tensor

/// Concatenation along channels of inputs with equal spatial size.
public struct ConcatOp: GraphOp {
    public init() {}
    public var kind: String { "concat" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard let first = inputShapes.first, !first.isEmpty,
              inputShapes.allSatisfy({ $0.count == first.count && $0.dropFirst() == first.dropFirst() }) else {
            throw ShapeError("concat needs inputs that differ only in channels, got \(inputShapes)")
        }
        return [inputShapes.reduce(0) { $0 + $1[0] }] + first.dropFirst()
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Concat.forward(inputs))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: Concat.backward(input.gradOutput, channels: input.inputs.map { $0.shape[1] }))
    }
}
