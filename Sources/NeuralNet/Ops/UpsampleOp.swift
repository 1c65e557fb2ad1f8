import Tensor

/// Nearest or bilinear (half-pixel) upsampling by an integer factor.
public struct UpsampleOp: GraphOp {
    public var factor: Int
    public var mode: Upsample.Mode
    public init(factor: Int, mode: Upsample.Mode = .nearest) {
        precondition(factor >= 1, "upsample factor must be ≥ 1")
        self.factor = factor
        self.mode = mode
    }
    public var kind: String { "upsample" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        return [s[0] * factor, s[1] * factor, s[2]]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Upsample.forward(inputs[0], factor: factor, mode: mode))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [Upsample.backward(input.gradOutput, inputShape: input.inputs[0].shape,
                                               factor: factor, mode: mode)])
    }
}
