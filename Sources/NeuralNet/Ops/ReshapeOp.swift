import Tensor

/// A per-sample reshape that keeps the engine's memory order, for shapes
/// whose channel-first and channel-last orders agree (at most one dimension
/// above 1 besides a trailing channel axis of a 1×1 map): [C] ↔ [1, 1, C].
public struct ReshapeOp: GraphOp {
    public var shape: [Int]
    public init(shape: [Int]) { self.shape = shape }
    public var kind: String { "reshape" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        let from = inputShapes[0]
        guard shape.allSatisfy({ $0 >= 1 }), from.reduce(1, *) == shape.reduce(1, *),
              Self.layoutNeutral(from), Self.layoutNeutral(shape) else {
            throw ShapeError("\(kind) of \(from) to \(shape) would reorder channel-last data")
        }
        return shape
    }
    /// Rank 1, or an [H, W, C] shape whose H·W or C is 1.
    public static func layoutNeutral(_ s: [Int]) -> Bool {
        s.count != 3 || s[0] * s[1] == 1 || s[2] == 1
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(inputs[0].reshaped([inputs[0].shape[0]] + shape))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [input.gradOutput.reshaped(input.inputs[0].shape)])
    }
}
