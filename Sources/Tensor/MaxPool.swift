/// 2-D max pooling over NHWC tensors. Padding never wins (it acts as -∞).
public enum MaxPool {
    /// The pooled tensor and, for each output element, the flat index
    /// (row · W + column) of the chosen input inside its own image and
    /// channel (the saved state for backward).
    public struct Result: Sendable {
        public var output: Tensor
        public var argmax: [Int32]
    }

    public static func forward(_ x: Tensor, geometry g: PoolGeometry) -> Result {
        precondition(x.rank == 4, "max pool: input \(x.shape) is not NHWC")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "max pool: input \(h)×\(w) is smaller than the window")
        var y = Tensor(repeating: -.infinity, shape: [n, oh, ow, c])
        var argmax = [Int32](repeating: 0, count: y.count)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                argmax.withUnsafeMutableBufferPointer { pa in
                    for b in 0..<n {
                        let src = px.baseAddress! + b * h * w * c
                        for oi in 0..<oh {
                            let i0 = Swift.max(0, oi * g.strideH - g.padH)
                            let i1 = Swift.min(h, oi * g.strideH - g.padH + g.kernelH)
                            for oj in 0..<ow {
                                let j0 = Swift.max(0, oj * g.strideW - g.padW)
                                let j1 = Swift.min(w, oj * g.strideW - g.padW + g.kernelW)
                                let o = ((b * oh + oi) * ow + oj) * c
                                for ch in 0..<c { pa[o + ch] = Int32(i0 * w + j0) }
                                for i in i0..<i1 {
                                    for j in j0..<j1 {
                                        let s = src + (i * w + j) * c
                                        let at = Int32(i * w + j)
                                        for ch in 0..<c where s[ch] > py[o + ch] {
                                            py[o + ch] = s[ch]
                                            pa[o + ch] = at
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Result(output: y, argmax: argmax)
    }

    /// Routes each output gradient to its chosen input (overlapping windows add up).
    public static func backward(_ gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        precondition(inputShape.count == 4 && gradOutput.rank == 4
                     && gradOutput.shape[0] == inputShape[0] && gradOutput.shape[3] == inputShape[3],
                     "max pool backward: gradient \(gradOutput.shape) does not match input \(inputShape)")
        precondition(argmax.count == gradOutput.count, "max pool backward: \(argmax.count) indices for \(gradOutput.count) outputs")
        let n = inputShape[0], c = inputShape[3], inPlane = inputShape[1] * inputShape[2]
        let outPlane = gradOutput.shape[1] * gradOutput.shape[2]
        var dx = Tensor(zeros: inputShape)
        gradOutput.withUnsafeBufferPointer { pg in
            argmax.withUnsafeBufferPointer { pa in
                dx.withUnsafeMutableBufferPointer { pd in
                    for b in 0..<n {
                        for o in 0..<outPlane {
                            let k = (b * outPlane + o) * c
                            for ch in 0..<c {
                                let idx = Int(pa[k + ch])
                                precondition(idx >= 0 && idx < inPlane, "max pool backward: index \(idx) outside the input plane")
                                pd[(b * inPlane + idx) * c + ch] += pg[k + ch]
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
