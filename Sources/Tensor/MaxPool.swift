/// 2-D max pooling over NCHW tensors. Padding never wins (it acts as -∞).
public enum MaxPool {
    /// The pooled tensor and, for each output element, the flat index of the
    /// chosen input inside its own H×W plane (the saved state for backward).
    public struct Result: Sendable {
        public var output: Tensor
        public var argmax: [Int32]
    }

    public static func forward(_ x: Tensor, geometry g: PoolGeometry) -> Result {
        precondition(x.rank == 4, "max pool: input \(x.shape) is not NCHW")
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "max pool: input \(h)×\(w) is smaller than the window")
        var y = Tensor(zeros: [n, c, oh, ow])
        var argmax = [Int32](repeating: 0, count: y.count)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                argmax.withUnsafeMutableBufferPointer { pa in
                    for plane in 0..<(n * c) {
                        let src = px.baseAddress! + plane * h * w
                        let outBase = plane * oh * ow
                        for oi in 0..<oh {
                            let i0 = Swift.max(0, oi * g.strideH - g.padH)
                            let i1 = Swift.min(h, oi * g.strideH - g.padH + g.kernelH)
                            for oj in 0..<ow {
                                let j0 = Swift.max(0, oj * g.strideW - g.padW)
                                let j1 = Swift.min(w, oj * g.strideW - g.padW + g.kernelW)
                                var best = -Float.infinity
                                var at = i0 * w + j0
                                for i in i0..<i1 {
                                    for j in j0..<j1 where src[i * w + j] > best {
                                        best = src[i * w + j]
                                        at = i * w + j
                                    }
                                }
                                py[outBase + oi * ow + oj] = best
                                pa[outBase + oi * ow + oj] = Int32(at)
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
                     && gradOutput.shape[0] == inputShape[0] && gradOutput.shape[1] == inputShape[1],
                     "max pool backward: gradient \(gradOutput.shape) does not match input \(inputShape)")
        precondition(argmax.count == gradOutput.count, "max pool backward: \(argmax.count) indices for \(gradOutput.count) outputs")
        let planes = inputShape[0] * inputShape[1], inPlane = inputShape[2] * inputShape[3]
        let outPlane = gradOutput.shape[2] * gradOutput.shape[3]
        var dx = Tensor(zeros: inputShape)
        gradOutput.withUnsafeBufferPointer { pg in
            argmax.withUnsafeBufferPointer { pa in
                dx.withUnsafeMutableBufferPointer { pd in
                    for plane in 0..<planes {
                        for o in 0..<outPlane {
                            let k = plane * outPlane + o
                            let idx = Int(pa[k])
                            precondition(idx >= 0 && idx < inPlane, "max pool backward: index \(idx) outside the input plane")
                            pd[plane * inPlane + idx] += pg[k]
                        }
                    }
                }
            }
        }
        return dx
    }
}
