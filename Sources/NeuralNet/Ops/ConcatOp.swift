import Tensor

/// Concatenation along channels (the last axis) of inputs with equal spatial size.
public struct ConcatOp: GraphOp {
    public init() {}
    public var kind: String { "concat" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard let first = inputShapes.first, !first.isEmpty,
              inputShapes.allSatisfy({ $0.count == first.count && $0.dropLast() == first.dropLast() }) else {
            throw ShapeError("concat needs inputs that differ only in channels, got \(inputShapes)")
        }
        return first.dropLast() + [inputShapes.reduce(0) { $0 + $1[$1.count - 1] }]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Concat.forward(inputs))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: Concat.backward(input.gradOutput, channels: input.inputs.map { $0.shape[$0.rank - 1] }))
    }
}
