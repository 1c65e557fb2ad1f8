import Tensor

/// Adds a constant per channel: y[c] = x[c] + offsets[c]. EDSR subtracts the
/// training set's RGB mean before the head and adds it back after the tail;
/// a constant op (rather than a frozen bias convolution) keeps it out of the
/// quantizable layers and the parameter count.
public struct MeanShiftOp: GraphOp {
    public var offsets: [Float]
    public init(offsets: [Float]) { self.offsets = offsets }
    public var kind: String { "meanshift" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        guard s[2] == offsets.count else {
            throw ShapeError("mean shift has \(offsets.count) offsets for \(s[2]) channels")
        }
        return s
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let c = offsets.count, rows = c == 0 ? 0 : y.count / c
        offsets.withUnsafeBufferPointer { o in
            y.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    for ch in 0..<c { p[r * c + ch] += o[ch] }
                }
            }
        }
        return OpResult(y)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [input.gradOutput])
    }
}
