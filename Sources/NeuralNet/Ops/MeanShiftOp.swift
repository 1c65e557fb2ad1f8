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
            throw ShapeError("\(kind) takes one [C, H, W] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        guard s[0] == offsets.count else {
            throw ShapeError("mean shift has \(offsets.count) offsets for \(s[0]) channels")
        }
        return s
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let n = y.shape[0], c = y.shape[1], plane = y.shape[2] * y.shape[3]
        let offsets = offsets
        y.withUnsafeMutableBufferPointer { p in
            for b in 0..<n {
                for ch in 0..<c {
                    let base = (b * c + ch) * plane, o = offsets[ch]
                    for i in base..<(base + plane) { p[i] += o }
                }
            }
        }
        return OpResult(y)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [input.gradOutput])
    }
}
