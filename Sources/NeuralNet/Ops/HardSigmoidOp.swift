import Tensor

/// y = clamp(alpha·x + beta, 0, 1) (ONNX HardSigmoid; PyTorch's Hardsigmoid is alpha 1/6, beta 0.5).
public struct HardSigmoidOp: GraphOp {
    public var alpha: Float
    public var beta: Float
    public init(alpha: Float = 1 / 6, beta: Float = 0.5) {
        self.alpha = alpha
        self.beta = beta
    }
    public var kind: String { "hardsigmoid" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let a = alpha, b = beta
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(1, Swift.max(0, a * p[i] + b)) }
        }
        return OpResult(y)
    }
    /// The slope is alpha strictly inside (0, 1), zero where the output is clamped.
    public func backward(_ input: BackwardInput) -> OpGradients {
        var dx = input.gradOutput
        let a = alpha, b = beta
        input.inputs[0].withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count {
                    let v = a * px[i] + b
                    pd[i] = v > 0 && v < 1 ? pd[i] * a : 0
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
