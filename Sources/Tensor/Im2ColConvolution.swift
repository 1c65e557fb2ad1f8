/// The reference 2-D convolution (cross-correlation, as in every deep-learning framework)
/// over NCHW tensors by im2col + GEMM, with the batch split across cores
/// (depthwise layers by a direct loop, wide-to-narrow layers on large planes
/// by `Kn2RowConvolution`).
public enum Im2ColConvolution {
    public typealias Gradients = ConvGradients

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == g.inChannels,
                     "conv: input \(x.shape) does not have \(g.inChannels) channels in NCHW")
        precondition(weight.shape == g.weightShape, "conv: weight \(weight.shape) ≠ \(g.weightShape)")
        if DepthwiseConvolution.handles(g) {
            return DepthwiseConvolution.forward(x, weight: weight, bias: bias, geometry: g)
        }
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "conv: input \(h)×\(w) is smaller than the kernel")
        if Kn2RowConvolution.handles(g, height: h, width: w) {
            return Kn2RowConvolution.forward(x, weight: weight, bias: bias, geometry: g)
        }
        var y = Tensor(zeros: [n, g.outChannels, oh, ow])
        let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
        let k = cinG * g.kernelH * g.kernelW
        let plane = oh * ow
        let inImage = g.inChannels * h * w, outImage = g.outChannels * plane
        let chunk = imagesPerGEMM(plane: plane, batch: n)
        let direct = g.isPointwise && chunk == 1
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    let xBase = px.baseAddress!, wBase = pw.baseAddress!, yBase = py.baseAddress!
                    Parallel.forEachSlice(count: n) { _, range in
                        let ld = chunk * plane
                        let cols = direct ? nil : UnsafeMutablePointer<Float>.allocate(capacity: k * ld)
                        let out = chunk > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: coutG * ld) : nil
                        defer { cols?.deallocate(); out?.deallocate() }
                        for first in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                            let count = min(chunk, range.upperBound - first)
                            let cw = count * plane
                            for grp in 0..<g.groups {
                                let colPtr: UnsafePointer<Float>
                                if let cols {
                                    // Several images side by side: one GEMM with N = count · plane.
                                    for i in 0..<count {
                                        Im2Col.unfold(xBase + (first + i) * inImage + grp * cinG * h * w,
                                                      channels: cinG, height: h, width: w, geometry: g,
                                                      outH: oh, outW: ow, into: cols + i * plane, rowStride: cw)
                                    }
                                    colPtr = UnsafePointer(cols)
                                } else {
                                    colPtr = xBase + first * inImage + grp * cinG * h * w
                                }
                                let yg = yBase + first * outImage + grp * coutG * plane
                                guard let out else {
                                    GEMM.multiply(wBase + grp * coutG * k, transposeA: false, colPtr, transposeB: false,
                                                  into: yg, m: coutG, n: plane, k: k)
                                    continue
                                }
                                GEMM.multiply(wBase + grp * coutG * k, transposeA: false, colPtr, transposeB: false,
                                              into: out, m: coutG, n: cw, k: k)
                                for i in 0..<count {
                                    for co in 0..<coutG {
                                        (yg + i * outImage + co * plane).update(from: out + co * cw + i * plane, count: plane)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let bias { addChannelBias(&y, bias) }
        return y
    }

    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry g: ConvGeometry, needInputGradient: Bool = true) -> Gradients {
        if DepthwiseConvolution.handles(g) {
            return DepthwiseConvolution.backward(gradOutput, input: x, weight: weight, hasBias: hasBias,
                                                 geometry: g, needInputGradient: needInputGradient)
        }
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, g.outChannels, oh, ow],
                     "conv backward: gradient \(gradOutput.shape) ≠ output [\(n), \(g.outChannels), \(oh), \(ow)]")
        if Kn2RowConvolution.handles(g, height: h, width: w) {
            return Kn2RowConvolution.backward(gradOutput, input: x, weight: weight, hasBias: hasBias,
                                              geometry: g, needInputGradient: needInputGradient)
        }
        let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
        let k = cinG * g.kernelH * g.kernelW
        let plane = oh * ow
        let inImage = g.inChannels * h * w, outImage = g.outChannels * plane
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        let workers = Parallel.workers
        let chunk = imagesPerGEMM(plane: plane, batch: n)
        let direct = g.isPointwise && chunk == 1
        // One weight-gradient accumulator per worker, summed at the end.
        var dwPartials = [Float](repeating: 0, count: workers * weight.count)
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                gradOutput.withUnsafeBufferPointer { pg in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        dwPartials.withUnsafeMutableBufferPointer { pdw in
                            let xBase = px.baseAddress!, wBase = pw.baseAddress!, gBase = pg.baseAddress!
                            // An empty array still has a base address (the shared empty
                            // storage): writing through it would corrupt the process.
                            let dxBase = needInputGradient ? pdx.baseAddress : nil
                            let dwBase = pdw.baseAddress!
                            let wCount = weight.count
                            Parallel.forEachSlice(count: n) { worker, range in
                                let ld = chunk * plane
                                let cols = UnsafeMutablePointer<Float>.allocate(capacity: k * ld)
                                let dyBuf = chunk > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: coutG * ld) : nil
                                defer { cols.deallocate(); dyBuf?.deallocate() }
                                let dw = dwBase + worker * wCount
                                for first in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                                    let count = min(chunk, range.upperBound - first)
                                    let cw = count * plane
                                    for grp in 0..<g.groups {
                                        let imgOffset = grp * cinG * h * w
                                        let colPtr: UnsafePointer<Float>
                                        if direct {
                                            colPtr = xBase + first * inImage + imgOffset
                                        } else {
                                            for i in 0..<count {
                                                Im2Col.unfold(xBase + (first + i) * inImage + imgOffset,
                                                              channels: cinG, height: h, width: w, geometry: g,
                                                              outH: oh, outW: ow, into: cols + i * plane, rowStride: cw)
                                            }
                                            colPtr = UnsafePointer(cols)
                                        }
                                        // dY for the chunk as one [coutG, count · plane] matrix.
                                        let gy: UnsafePointer<Float>
                                        if let dyBuf {
                                            for i in 0..<count {
                                                for co in 0..<coutG {
                                                    (dyBuf + co * cw + i * plane).update(
                                                        from: gBase + (first + i) * outImage + (grp * coutG + co) * plane, count: plane)
                                                }
                                            }
                                            gy = UnsafePointer(dyBuf)
                                        } else {
                                            gy = gBase + first * outImage + grp * coutG * plane
                                        }
                                        // dW_g += dY_g · colsᵀ
                                        GEMM.multiply(gy, transposeA: false, colPtr, transposeB: true,
                                                      into: dw + grp * coutG * k, m: coutG, n: k, k: cw,
                                                      alpha: 1, beta: 1)
                                        guard let dxBase else { continue }
                                        if direct {
                                            // dX_g = W_gᵀ · dY_g directly.
                                            GEMM.multiply(wBase + grp * coutG * k, transposeA: true, gy, transposeB: false,
                                                          into: dxBase + first * inImage + imgOffset, m: k, n: plane, k: coutG)
                                        } else {
                                            GEMM.multiply(wBase + grp * coutG * k, transposeA: true, gy, transposeB: false,
                                                          into: cols, m: k, n: cw, k: coutG)
                                            for i in 0..<count {
                                                Im2Col.fold(cols + i * plane, channels: cinG, height: h, width: w, geometry: g,
                                                            outH: oh, outW: ow, into: dxBase + (first + i) * inImage + imgOffset,
                                                            rowStride: cw)
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
        var dw = Tensor(zeros: weight.shape)
        dw.withUnsafeMutableBufferPointer { out in
            dwPartials.withUnsafeBufferPointer { parts in
                for wk in 0..<workers {
                    let base = wk * out.count
                    for i in 0..<out.count { out[i] += parts[base + i] }
                }
            }
        }
        let db: Tensor? = hasBias ? channelSum(gradOutput) : nil
        return Gradients(input: dx, weight: dw, bias: db)
    }

    /// Images unfolded side by side per GEMM: small planes make thin matrices
    /// that run far below BLAS peak, so aim for about `targetColumns` columns.
    static func imagesPerGEMM(plane: Int, batch: Int) -> Int {
        max(1, min(batch, targetColumns / max(1, plane)))
    }

    static let targetColumns = 1024

    /// y[n, c, ...] += bias[c]
    public static func addChannelBias(_ y: inout Tensor, _ bias: Tensor) {
        let n = y.shape[0], c = y.shape[1]
        precondition(bias.count == c, "bias has \(bias.count) entries for \(c) channels")
        let plane = y.count / max(1, n * c)
        bias.withUnsafeBufferPointer { pb in
            y.withUnsafeMutableBufferPointer { py in
                for b in 0..<n {
                    for ch in 0..<c {
                        let v = pb[ch]
                        let base = (b * c + ch) * plane
                        for i in 0..<plane { py[base + i] += v }
                    }
                }
            }
        }
    }

    /// Σ over batch and spatial positions, per channel: [N, C, ...] → [C].
    public static func channelSum(_ t: Tensor) -> Tensor {
        let n = t.shape[0], c = t.shape[1]
        let plane = t.count / max(1, n * c)
        var out = [Float](repeating: 0, count: c)
        t.withUnsafeBufferPointer { p in
            for b in 0..<n {
                for ch in 0..<c {
                    let base = (b * c + ch) * plane
                    var s: Float = 0
                    for i in 0..<plane { s += p[base + i] }
                    out[ch] += s
                }
            }
        }
        return Tensor(shape: [c], scalars: out)
    }
}
