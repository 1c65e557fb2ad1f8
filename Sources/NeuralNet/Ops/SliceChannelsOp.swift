import Tensor

/// Channels [start, start + count) of the last axis: ONNX Split and Slice
/// on channels (ShuffleNetV2's branch split).
public struct SliceChannelsOp: GraphOp {
    public var start: Int
    public var count: Int
    public init(start: Int, count: Int) {
        precondition(start >= 0 && count >= 1, "slice channels: start \(start), count \(count)")
        self.start = start
        self.count = count
    }
    public var kind: String { "slicechannels" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, let c = inputShapes[0].last, start + count <= c else {
            throw ShapeError("\(kind) [\(start), \(start + count)) takes one input with that many channels, got \(inputShapes)")
        }
        return inputShapes[0].dropLast() + [count]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0]
        let c = x.shape[x.rank - 1], rows = x.count / c
        var y = Tensor(zeros: x.shape.dropLast() + [count])
        let s = start, k = count
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for r in 0..<rows {
                    for ch in 0..<k { py[r * k + ch] = px[r * c + s + ch] }
                }
            }
        }
        return OpResult(y)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        let shape = input.inputs[0].shape
        let c = shape[shape.count - 1], rows = input.gradOutput.count / count
        var dx = Tensor(zeros: shape)
        let s = start, k = count
        input.gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for r in 0..<rows {
                    for ch in 0..<k { pd[r * c + s + ch] = pg[r * k + ch] }
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
