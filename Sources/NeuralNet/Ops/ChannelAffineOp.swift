import Tensor

/// y[c] = x[c] · scale[c] + shift[c] over the last (channel) axis, with
/// constant factors: normalisation baked into a graph ((x − mean) / std per
/// channel) and per-channel constant Mul/Div. Not a quantizable layer.
public struct ChannelAffineOp: GraphOp {
    public var scale: [Float]
    public var shift: [Float]
    public init(scale: [Float], shift: [Float]) {
        precondition(scale.count == shift.count && !scale.isEmpty, "channel affine: \(scale.count) scales, \(shift.count) shifts")
        self.scale = scale
        self.shift = shift
    }
    public var kind: String { "channelaffine" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, let c = inputShapes[0].last, c == scale.count else {
            throw ShapeError("\(kind) of \(scale.count) channels takes one [..., \(scale.count)] input, got \(inputShapes)")
        }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let c = scale.count, rows = y.count / c
        scale.withUnsafeBufferPointer { s in
            shift.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { p in
                    for r in 0..<rows {
                        for ch in 0..<c { p[r * c + ch] = p[r * c + ch] * s[ch] + b[ch] }
                    }
                }
            }
        }
        return OpResult(y)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        var dx = input.gradOutput
        let c = scale.count, rows = dx.count / c
        scale.withUnsafeBufferPointer { s in
            dx.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    for ch in 0..<c { p[r * c + ch] *= s[ch] }
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
