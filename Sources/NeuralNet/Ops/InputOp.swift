import Tensor

/// The graph's input placeholder.
public struct InputOp: GraphOp {
    public var shape: [Int]
    public var kind: String { "input" }
    public init(shape: [Int]) { self.shape = shape }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] { shape }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        preconditionFailure("the input node is not executed")
    }
    public func backward(_ input: BackwardInput) -> OpGradients { OpGradients(inputs: []) }
}
