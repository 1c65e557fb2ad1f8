import Tensor

/// y = clamp(x, low, high) for bounds other than ReLU's and ReLU6's (those
/// keep their own ops); an infinite bound leaves that side open.
public struct ClipOp: GraphOp {
    public var low: Float
    public var high: Float
    public init(low: Float, high: Float) {
        precondition(low <= high, "clip: low \(low) above high \(high)")
        self.low = low
        self.high = high
    }
    public var kind: String { "clip" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let lo = low, hi = high
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(hi, Swift.max(lo, p[i])) }
        }
        return OpResult(y)
    }
    /// Gradient passes where the input lies strictly inside the bounds.
    public func backward(_ input: BackwardInput) -> OpGradients {
        var dx = input.gradOutput
        let lo = low, hi = high
        input.inputs[0].withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where !(px[i] > lo && px[i] < hi) { pd[i] = 0 }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
