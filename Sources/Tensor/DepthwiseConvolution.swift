/// Depthwise 2-D convolution (groups == Cin == Cout) by a direct loop: one
/// kh·kw filter per channel makes im2col + GEMM mostly overhead.
/// `Convolution.forward/backward` dispatch here for such geometries.
public enum DepthwiseConvolution {
    /// True when `g` is a depthwise convolution this kernel handles.
    public static func handles(_ g: ConvGeometry) -> Bool {
        g.groups > 1 && g.groups == g.inChannels && g.groups == g.outChannels
    }

    /// Range of output columns `oj` for which `oj · stride + offset` lies in 0..<size.
    @inline(__always)
    static func validRange(offset: Int, stride: Int, size: Int, outSize: Int) -> Range<Int> {
        // lo = ceil(-offset / stride) clamped at 0; hi = floor((size - 1 - offset) / stride) + 1.
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let hi = last < 0 ? 0 : min(outSize, last / stride + 1)
        return lo < hi ? lo..<hi : 0..<0
    }

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        precondition(handles(g), "depthwise conv: geometry needs groups == Cin == Cout, got \(g)")
        precondition(x.rank == 4 && x.shape[1] == g.inChannels,
                     "depthwise conv: input \(x.shape) does not have \(g.inChannels) channels in NCHW")
        precondition(weight.shape == g.weightShape, "depthwise conv: weight \(weight.shape) ≠ \(g.weightShape)")
        let n = x.shape[0], c = g.inChannels, h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "depthwise conv: input \(h)×\(w) is smaller than the kernel")
        if let bias { precondition(bias.count == c, "depthwise conv: bias has \(bias.count) entries for \(c) channels") }
        var y = Tensor(zeros: [n, c, oh, ow])
        let kh = g.kernelH, kw = g.kernelW, taps = kh * kw
        let cols = (0..<kw).map { kj in
            validRange(offset: kj * g.dilationW - g.padW, stride: g.strideW, size: w, outSize: ow)
        }
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    let xBase = px.baseAddress!, wBase = pw.baseAddress!, yBase = py.baseAddress!
                    let biasValues = bias?.scalars
                    Parallel.forEachSlice(count: n * c) { _, range in
                        for plane in range {
                            let ch = plane % c
                            let src = xBase + plane * h * w
                            let dst = yBase + plane * oh * ow
                            let filter = wBase + ch * taps
                            let b0 = biasValues?[ch] ?? 0
                            for oi in 0..<oh {
                                let out = dst + oi * ow
                                out.update(repeating: b0, count: ow)
                                for ki in 0..<kh {
                                    let ii = oi * g.strideH + ki * g.dilationH - g.padH
                                    if ii < 0 || ii >= h { continue }
                                    let row = src + ii * w
                                    for kj in 0..<kw {
                                        let wv = filter[ki * kw + kj]
                                        let off = kj * g.dilationW - g.padW
                                        let r = cols[kj]
                                        if g.strideW == 1 {
                                            let s = row + off
                                            for oj in r { out[oj] += wv * s[oj] }
                                        } else {
                                            for oj in r { out[oj] += wv * row[oj * g.strideW + off] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// Gradients for input, weight and (when `hasBias`) bias. Saved state: the
    /// forward input and the weight.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry g: ConvGeometry, needInputGradient: Bool = true) -> Convolution.Gradients {
        precondition(handles(g), "depthwise conv: geometry needs groups == Cin == Cout, got \(g)")
        let n = x.shape[0], c = g.inChannels, h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, c, oh, ow],
                     "depthwise conv backward: gradient \(gradOutput.shape) ≠ output [\(n), \(c), \(oh), \(ow)]")
        precondition(weight.shape == g.weightShape, "depthwise conv: weight \(weight.shape) ≠ \(g.weightShape)")
        let kh = g.kernelH, kw = g.kernelW, taps = kh * kw
        let cols = (0..<kw).map { kj in
            validRange(offset: kj * g.dilationW - g.padW, stride: g.strideW, size: w, outSize: ow)
        }
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        var dw = Tensor(zeros: weight.shape)
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                gradOutput.withUnsafeBufferPointer { pg in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        dw.withUnsafeMutableBufferPointer { pdw in
                            let xBase = px.baseAddress!, wBase = pw.baseAddress!, gBase = pg.baseAddress!
                            let dxBase = needInputGradient ? pdx.baseAddress : nil
                            let dwBase = pdw.baseAddress!
                            // Split by channel: each worker owns its channels' filter gradients.
                            Parallel.forEachSlice(count: c) { _, range in
                                for ch in range {
                                    let filter = wBase + ch * taps
                                    let dFilter = dwBase + ch * taps
                                    for b in 0..<n {
                                        let plane = b * c + ch
                                        let src = xBase + plane * h * w
                                        let gy = gBase + plane * oh * ow
                                        let dsrc = dxBase.map { $0 + plane * h * w }
                                        for ki in 0..<kh {
                                            for oi in 0..<oh {
                                                let ii = oi * g.strideH + ki * g.dilationH - g.padH
                                                if ii < 0 || ii >= h { continue }
                                                let row = src + ii * w
                                                let gRow = gy + oi * ow
                                                for kj in 0..<kw {
                                                    let off = kj * g.dilationW - g.padW
                                                    let r = cols[kj]
                                                    var acc: Float = 0
                                                    if g.strideW == 1 {
                                                        let s = row + off
                                                        for oj in r { acc += gRow[oj] * s[oj] }
                                                    } else {
                                                        for oj in r { acc += gRow[oj] * row[oj * g.strideW + off] }
                                                    }
                                                    dFilter[ki * kw + kj] += acc
                                                    guard let dsrc else { continue }
                                                    let wv = filter[ki * kw + kj]
                                                    let d = dsrc + ii * w
                                                    if g.strideW == 1 {
                                                        let ds = d + off
                                                        for oj in r { ds[oj] += wv * gRow[oj] }
                                                    } else {
                                                        for oj in r { d[oj * g.strideW + off] += wv * gRow[oj] }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let db: Tensor? = hasBias ? Convolution.channelSum(gradOutput) : nil
        return Convolution.Gradients(input: dx, weight: dw, bias: db)
    }
}
