/// 2-D average pooling over NHWC tensors.
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
        precondition(x.rank == 4, "avg pool: input \(x.shape) is not NHWC")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "avg pool: input \(h)×\(w) is smaller than the window")
        var y = Tensor(zeros: [n, oh, ow, c])
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for b in 0..<n {
                    let src = px.baseAddress! + b * h * w * c
                    for oi in 0..<oh {
                        let (i0, i1) = window(oi, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: h)
                        for oj in 0..<ow {
                            let (j0, j1) = window(oj, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: w)
                            let out = py.baseAddress! + ((b * oh + oi) * ow + oj) * c
                            for i in i0..<i1 {
                                for j in j0..<j1 {
                                    let s = src + (i * w + j) * c
                                    for ch in 0..<c { out[ch] += s[ch] }
                                }
                            }
                            let divisor = countIncludePad ? g.paddedWindowArea(row: oi, column: oj, height: h, width: w) : (i1 - i0) * (j1 - j0)
                            let inv = 1 / Float(divisor)
                            for ch in 0..<c { out[ch] *= inv }
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
        precondition(inputShape.count == 4, "avg pool backward: input shape \(inputShape) is not NHWC")
        let n = inputShape[0], h = inputShape[1], w = inputShape[2], c = inputShape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, oh, ow, c],
                     "avg pool backward: gradient \(gradOutput.shape) ≠ output [\(n), \(oh), \(ow), \(c)]")
        var dx = Tensor(zeros: inputShape)
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for b in 0..<n {
                    let dst = pd.baseAddress! + b * h * w * c
                    for oi in 0..<oh {
                        let (i0, i1) = window(oi, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: h)
                        for oj in 0..<ow {
                            let (j0, j1) = window(oj, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: w)
                            let divisor = countIncludePad ? g.paddedWindowArea(row: oi, column: oj, height: h, width: w) : (i1 - i0) * (j1 - j0)
                            let inv = 1 / Float(divisor)
                            let gy = pg.baseAddress! + ((b * oh + oi) * ow + oj) * c
                            for i in i0..<i1 {
                                for j in j0..<j1 {
                                    let d = dst + (i * w + j) * c
                                    for ch in 0..<c { d[ch] += gy[ch] * inv }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
