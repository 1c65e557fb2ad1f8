/// Convolution by "kn2row" (Vasudevan et al. 2017) for layers with many
/// more input than output channels on large planes, such as the 9×9 tail of
/// SRResNet (32 → 3 channels at 128×128).
///
/// im2col would build a [Cin·kh·kw, H·W] matrix (170 MB per 128×128 image
/// for that tail) and run memory-bound GEMMs over it. Here one GEMM computes
/// every kernel tap's contribution on the input grid, Z = W_r · X with W_r of
/// shape [Cout·kh·kw, Cin], and the output gathers the shifted taps:
/// Y[co, i, j] = Σ_{ki,kj} Z[(co, ki, kj), i + ki − padH, j + kj − padW].
/// The backward pass scatters dY into the same layout (dZ) and needs two
/// GEMMs: dX = W_rᵀ · dZ and dW_r = dZ · Xᵀ. Every buffer is Cout·kh·kw rows
/// instead of Cin·kh·kw. Same FLOPs as im2col; stride and dilation 1, one group.
enum Kn2RowConvolution {
    /// Worth it when the input side is at least four times wider and the plane
    /// is large enough for im2col's buffer to leave the caches.
    static func handles(_ g: ConvGeometry, height: Int, width: Int) -> Bool {
        g.groups == 1 && g.strideH == 1 && g.strideW == 1 && g.dilationH == 1 && g.dilationW == 1
            && g.kernelH * g.kernelW > 1 && g.outChannels * 4 <= g.inChannels
            && height * width >= Im2ColConvolution.targetColumns
    }

    static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        let taps = g.kernelH * g.kernelW, rows = g.outChannels * taps
        let inImage = g.inChannels * h * w, outImage = g.outChannels * oh * ow
        let wr = tapMajor(weight, g)
        var y = Tensor(zeros: [n, g.outChannels, oh, ow])
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                let xBase = px.baseAddress!, yBase = py.baseAddress!
                wr.withUnsafeBufferPointer { pw in
                    let wBase = pw.baseAddress!
                    Parallel.forEachSlice(count: n) { _, range in
                        let z = UnsafeMutablePointer<Float>.allocate(capacity: rows * h * w)
                        defer { z.deallocate() }
                        for b in range {
                            GEMM.multiply(wBase, transposeA: false, xBase + b * inImage, transposeB: false,
                                          into: z, m: rows, n: h * w, k: g.inChannels)
                            gatherTaps(z, g, h: h, w: w, oh: oh, ow: ow, into: yBase + b * outImage)
                        }
                    }
                }
            }
        }
        if let bias { Im2ColConvolution.addChannelBias(&y, bias) }
        return y
    }

    static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                         geometry g: ConvGeometry, needInputGradient: Bool) -> Im2ColConvolution.Gradients {
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        let taps = g.kernelH * g.kernelW, rows = g.outChannels * taps
        let inImage = g.inChannels * h * w, outImage = g.outChannels * oh * ow
        let wr = tapMajor(weight, g)
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        let workers = Parallel.workers
        let wCount = weight.count
        var partials = [Float](repeating: 0, count: workers * wCount)
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                wr.withUnsafeBufferPointer { pw in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        partials.withUnsafeMutableBufferPointer { pp in
                            let xBase = px.baseAddress!, gBase = pg.baseAddress!, wBase = pw.baseAddress!
                            // An empty array still has a base address: never write through it.
                            let dxBase = needInputGradient ? pdx.baseAddress : nil
                            let pBase = pp.baseAddress!
                            Parallel.forEachSlice(count: n) { worker, range in
                                let dz = UnsafeMutablePointer<Float>.allocate(capacity: rows * h * w)
                                defer { dz.deallocate() }
                                let dwr = pBase + worker * wCount
                                for b in range {
                                    scatterTaps(gBase + b * outImage, g, h: h, w: w, oh: oh, ow: ow, into: dz)
                                    // dW_r += dZ · Xᵀ
                                    GEMM.multiply(dz, transposeA: false, xBase + b * inImage, transposeB: true,
                                                  into: dwr, m: rows, n: g.inChannels, k: h * w, alpha: 1, beta: 1)
                                    if let dxBase {
                                        // dX = W_rᵀ · dZ
                                        GEMM.multiply(wBase, transposeA: true, dz, transposeB: false,
                                                      into: dxBase + b * inImage, m: g.inChannels, n: h * w, k: rows)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Sum the workers' [Cout·taps, Cin] partials and return to [Cout, Cin, kh, kw].
        var dw = Tensor(zeros: weight.shape)
        dw.withUnsafeMutableBufferPointer { out in
            partials.withUnsafeBufferPointer { parts in
                for co in 0..<g.outChannels {
                    for t in 0..<taps {
                        for ci in 0..<g.inChannels {
                            let src = (co * taps + t) * g.inChannels + ci
                            var s: Float = 0
                            for wk in 0..<workers { s += parts[wk * wCount + src] }
                            out[(co * g.inChannels + ci) * taps + t] = s
                        }
                    }
                }
            }
        }
        let db: Tensor? = hasBias ? Im2ColConvolution.channelSum(gradOutput) : nil
        return Im2ColConvolution.Gradients(input: dx, weight: dw, bias: db)
    }

    /// [Cout, Cin, kh, kw] → [Cout·kh·kw, Cin]: one row per output channel and tap.
    private static func tapMajor(_ weight: Tensor, _ g: ConvGeometry) -> [Float] {
        let taps = g.kernelH * g.kernelW
        var out = [Float](repeating: 0, count: weight.count)
        weight.withUnsafeBufferPointer { pw in
            for co in 0..<g.outChannels {
                for ci in 0..<g.inChannels {
                    for t in 0..<taps {
                        out[(co * taps + t) * g.inChannels + ci] = pw[(co * g.inChannels + ci) * taps + t]
                    }
                }
            }
        }
        return out
    }

    /// Y[co, i, j] = Σ_taps Z[(co, ki, kj), i + ki − padH, j + kj − padW], inside the input.
    private static func gatherTaps(_ z: UnsafePointer<Float>, _ g: ConvGeometry, h: Int, w: Int, oh: Int, ow: Int,
                                   into y: UnsafeMutablePointer<Float>) {
        forEachTapRow(g, h: h, w: w, oh: oh, ow: ow) { row, zOffset, yOffset, count in
            let src = z + row * h * w + zOffset, dst = y + yOffset
            for j in 0..<count { dst[j] += src[j] }
        }
    }

    /// The adjoint of `gatherTaps`: dZ[(co, ki, kj), i + ki − padH, j + kj − padW] = dY[co, i, j], zero elsewhere.
    private static func scatterTaps(_ dy: UnsafePointer<Float>, _ g: ConvGeometry, h: Int, w: Int, oh: Int, ow: Int,
                                    into dz: UnsafeMutablePointer<Float>) {
        dz.update(repeating: 0, count: g.outChannels * g.kernelH * g.kernelW * h * w)
        forEachTapRow(g, h: h, w: w, oh: oh, ow: ow) { row, zOffset, yOffset, count in
            (dz + row * h * w + zOffset).update(from: dy + yOffset, count: count)
        }
    }

    /// Calls `body(row, offset in Z's plane, offset in Y, count)` for every
    /// contiguous run of output pixels a tap row reaches inside the input.
    @inline(__always)
    private static func forEachTapRow(_ g: ConvGeometry, h: Int, w: Int, oh: Int, ow: Int,
                                      _ body: (_ row: Int, _ zOffset: Int, _ yOffset: Int, _ count: Int) -> Void) {
        for co in 0..<g.outChannels {
            for ki in 0..<g.kernelH {
                let offI = ki - g.padH
                let rowsI = Im2Col.validRange(offset: offI, stride: 1, size: h, outSize: oh)
                for kj in 0..<g.kernelW {
                    let offJ = kj - g.padW
                    let cols = Im2Col.validRange(offset: offJ, stride: 1, size: w, outSize: ow)
                    if cols.isEmpty { continue }
                    let row = (co * g.kernelH + ki) * g.kernelW + kj
                    for i in rowsI {
                        body(row, (i + offI) * w + cols.lowerBound + offJ,
                             (co * oh + i) * ow + cols.lowerBound, cols.count)
                    }
                }
            }
        }
    }
}
