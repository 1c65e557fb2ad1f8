import Tensor

/// y[h, w, c] = x[h, w, c] · s[c] with s a computed [1, 1, C] per-sample
/// tensor: the gate of squeeze-excitation blocks (MobileNetV3, EfficientNet).
public struct ChannelMultiplyOp: GraphOp {
    public init() {}
    public var kind: String { "channelmultiply" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 2, inputShapes[0].count == 3,
              inputShapes[1] == [1, 1, inputShapes[0][2]] else {
            throw ShapeError("\(kind) takes an [H, W, C] input and a [1, 1, C] gate, got \(inputShapes)")
        }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        let s = inputs[1]
        let n = y.shape[0], c = y.shape[3], plane = y.shape[1] * y.shape[2]
        s.withUnsafeBufferPointer { ps in
            y.withUnsafeMutableBufferPointer { p in
                for b in 0..<n {
                    for i in 0..<plane {
                        let o = (b * plane + i) * c
                        for ch in 0..<c { p[o + ch] *= ps[b * c + ch] }
                    }
                }
            }
        }
        return OpResult(y)
    }
    /// dx = g · s; ds[c] = Σ over the plane of g · x.
    public func backward(_ input: BackwardInput) -> OpGradients {
        let x = input.inputs[0], s = input.inputs[1], g = input.gradOutput
        let n = x.shape[0], c = x.shape[3], plane = x.shape[1] * x.shape[2]
        var dx = g
        var ds = Tensor(zeros: s.shape)
        x.withUnsafeBufferPointer { px in
            s.withUnsafeBufferPointer { ps in
                g.withUnsafeBufferPointer { pg in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        ds.withUnsafeMutableBufferPointer { pds in
                            for b in 0..<n {
                                for i in 0..<plane {
                                    let o = (b * plane + i) * c
                                    for ch in 0..<c {
                                        pdx[o + ch] = pg[o + ch] * ps[b * c + ch]
                                        pds[b * c + ch] += pg[o + ch] * px[o + ch]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return OpGradients(inputs: [input.inputNeedsGradient[0] ? dx : nil, input.inputNeedsGradient[1] ? ds : nil])
    }
}
