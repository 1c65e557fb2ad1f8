/// 2-D average pooling over NCHW tensors.
///
/// `countIncludePad: true` (PyTorch's default) divides every window by
/// kh·kw, padded zeros included; `false` (ONNX `AveragePool`'s default)
/// divides by the number of real inputs under the window.
public enum AvgPool {
    /// The input rows (or columns) under window `o`, clipped to the image.
    @inline(__always)
    static func window(_ o: Int, stride: Int, pad: Int, kernel: Int, size: Int) -> (lo: Int, hi: Int) {
        (Swift.max(0, o * stride - pad), Swift.min(size, o * stride - pad + kernel))
    }

    public static func forward(_ x: Tensor, geometry g: PoolGeometry, countIncludePad: Bool = true) -> Tensor {
        precondition(x.rank == 4, "avg pool: input \(x.shape) is not NCHW")
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "avg pool: input \(h)×\(w) is smaller than the window")
        var y = Tensor(zeros: [n, c, oh, ow])
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for plane in 0..<(n * c) {
                    let src = px.baseAddress! + plane * h * w
                    for oi in 0..<oh {
                        let (i0, i1) = window(oi, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: h)
                        for oj in 0..<ow {
                            let (j0, j1) = window(oj, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: w)
                            var s: Float = 0
                            for i in i0..<i1 {
                                for j in j0..<j1 { s += src[i * w + j] }
                            }
                            let divisor = countIncludePad ? g.kernelH * g.kernelW : (i1 - i0) * (j1 - j0)
                            py[(plane * oh + oi) * ow + oj] = s / Float(divisor)
                        }
                    }
                }
            }
        }
        return y
    }

    /// Saved state: only the input shape (the op is linear).
    public static func backward(_ gradOutput: Tensor, inputShape: [Int], geometry g: PoolGeometry,
                                countIncludePad: Bool = true) -> Tensor {
        precondition(inputShape.count == 4, "avg pool backward: input shape \(inputShape) is not NCHW")
        let n = inputShape[0], c = inputShape[1], h = inputShape[2], w = inputShape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, c, oh, ow],
                     "avg pool backward: gradient \(gradOutput.shape) ≠ output [\(n), \(c), \(oh), \(ow)]")
        var dx = Tensor(zeros: inputShape)
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for plane in 0..<(n * c) {
                    let dst = pd.baseAddress! + plane * h * w
                    for oi in 0..<oh {
                        let (i0, i1) = window(oi, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: h)
                        for oj in 0..<ow {
                            let (j0, j1) = window(oj, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: w)
                            let divisor = countIncludePad ? g.kernelH * g.kernelW : (i1 - i0) * (j1 - j0)
                            let v = pg[(plane * oh + oi) * ow + oj] / Float(divisor)
                            for i in i0..<i1 {
                                for j in j0..<j1 { dst[i * w + j] += v }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
