/// Depthwise 2-D convolution (groups == Cin == Cout) by a direct loop: one
/// kh·kw filter per channel makes im2col + GEMM mostly overhead.
/// `Im2ColConvolution.forward/backward` dispatch here for such geometries.
public enum DepthwiseConvolution {
    /// True when `g` is a depthwise convolution this kernel handles.
    public static func handles(_ g: ConvGeometry) -> Bool {
        g.groups > 1 && g.groups == g.inChannels && g.groups == g.outChannels
    }

    /// Copies one H×W plane into the interior of a zero-bordered (H + 2·padH)×(W + 2·padW) buffer.
    @inline(__always)
    static func pad(_ src: UnsafePointer<Float>, h: Int, w: Int, padH: Int, padW: Int,
                    into dst: UnsafeMutablePointer<Float>) {
        let wp = w + 2 * padW
        for i in 0..<h { (dst + (i + padH) * wp + padW).update(from: src + i * w, count: w) }
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
        let hp = h + 2 * g.padH, wp = w + 2 * g.padW
        let sh = g.strideH, sw = g.strideW, dh = g.dilationH, dw = g.dilationW
        let biasValues = bias?.scalars ?? [Float](repeating: 0, count: c)
        // The flattened stride-1 loops read up to (kw - 1)·dw past the padded plane.
        let slack = (kw - 1) * dw
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    biasValues.withUnsafeBufferPointer { pb in
                        let xBase = px.baseAddress!, wBase = pw.baseAddress!, yBase = py.baseAddress!, bBase = pb.baseAddress!
                        Parallel.forEachSlice(count: n * c) { _, range in
                            // Zero borders stay zero: only the interior is rewritten per plane.
                            let padded = UnsafeMutablePointer<Float>.allocate(capacity: hp * wp + slack)
                            padded.initialize(repeating: 0, count: hp * wp + slack)
                            let flat = UnsafeMutablePointer<Float>.allocate(capacity: oh * wp)
                            defer { padded.deallocate(); flat.deallocate() }
                            for plane in range {
                                let ch = plane % c
                                pad(xBase + plane * h * w, h: h, w: w, padH: g.padH, padW: g.padW, into: padded)
                                let dst = yBase + plane * oh * ow
                                let f = wBase + ch * taps
                                let b0 = bBase[ch]
                                if sh == 1 && sw == 1 {
                                    // Output rows computed wp wide over the flattened padded
                                    // plane (the extra columns are discarded): one long
                                    // loop per tap instead of many short rows.
                                    let count = oh * wp
                                    if kh == 3 && kw == 3 {
                                        let w0 = f[0], w1 = f[1], w2 = f[2], w3 = f[3], w4 = f[4]
                                        let w5 = f[5], w6 = f[6], w7 = f[7], w8 = f[8]
                                        let r0 = UnsafePointer(padded), r1 = r0 + dh * wp, r2 = r1 + dh * wp
                                        for i in 0..<count {
                                            var s = b0 + w0 * r0[i] + w1 * r0[i + dw] + w2 * r0[i + 2 * dw]
                                            s += w3 * r1[i] + w4 * r1[i + dw] + w5 * r1[i + 2 * dw]
                                            s += w6 * r2[i] + w7 * r2[i + dw] + w8 * r2[i + 2 * dw]
                                            flat[i] = s
                                        }
                                    } else {
                                        flat.update(repeating: b0, count: count)
                                        for t in 0..<taps {
                                            let wv = f[t]
                                            let src = UnsafePointer(padded) + (t / kw) * dh * wp + (t % kw) * dw
                                            for i in 0..<count { flat[i] += wv * src[i] }
                                        }
                                    }
                                    for oi in 0..<oh { (dst + oi * ow).update(from: flat + oi * wp, count: ow) }
                                    continue
                                }
                                for oi in 0..<oh {
                                    let out = dst + oi * ow
                                    out.update(repeating: b0, count: ow)
                                    for ki in 0..<kh {
                                        let row = padded + (oi * sh + ki * dh) * wp
                                        for kj in 0..<kw {
                                            let wv = f[ki * kw + kj]
                                            let src = row + kj * dw
                                            if sw == 1 {
                                                for oj in 0..<ow { out[oj] += wv * src[oj] }
                                            } else {
                                                for oj in 0..<ow { out[oj] += wv * src[oj * sw] }
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
        return y
    }

    /// Σ a[i] · b[i] over `count` entries, `count` a multiple of 8, in SIMD lanes.
    @inline(__always)
    static func dot8(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var s0 = SIMD4<Float>(), s1 = SIMD4<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var byte = 0
        let end = count * 4
        while byte < end {
            s0 += ra.loadUnaligned(fromByteOffset: byte, as: SIMD4<Float>.self)
                * rb.loadUnaligned(fromByteOffset: byte, as: SIMD4<Float>.self)
            s1 += ra.loadUnaligned(fromByteOffset: byte + 16, as: SIMD4<Float>.self)
                * rb.loadUnaligned(fromByteOffset: byte + 16, as: SIMD4<Float>.self)
            byte += 32
        }
        return (s0 + s1).sum()
    }

    /// Gradients for input, weight and (when `hasBias`) bias. Saved state: the
    /// forward input and the weight.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry g: ConvGeometry, needInputGradient: Bool = true) -> Im2ColConvolution.Gradients {
        precondition(handles(g), "depthwise conv: geometry needs groups == Cin == Cout, got \(g)")
        let n = x.shape[0], c = g.inChannels, h = x.shape[2], w = x.shape[3]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, c, oh, ow],
                     "depthwise conv backward: gradient \(gradOutput.shape) ≠ output [\(n), \(c), \(oh), \(ow)]")
        precondition(weight.shape == g.weightShape, "depthwise conv: weight \(weight.shape) ≠ \(g.weightShape)")
        let kh = g.kernelH, kw = g.kernelW, taps = kh * kw
        let hp = h + 2 * g.padH, wp = w + 2 * g.padW
        let sh = g.strideH, sw = g.strideW, dh = g.dilationH, dw = g.dilationW
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        var dWeight = Tensor(zeros: weight.shape)
        // Stride 1: work on whole planes flattened wp wide (see forward).
        let flat = sh == 1 && sw == 1
        let maxOffset = (kh - 1) * dh * wp + (kw - 1) * dw
        let flatCount = (oh * wp + 7) / 8 * 8
        // Reads run up to maxOffset + flatCount past a buffer's start.
        let capacity = hp * wp + maxOffset + flatCount + 8
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                gradOutput.withUnsafeBufferPointer { pg in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        dWeight.withUnsafeMutableBufferPointer { pdw in
                            let xBase = px.baseAddress!, wBase = pw.baseAddress!, gBase = pg.baseAddress!
                            let dxBase = needInputGradient ? pdx.baseAddress : nil
                            let dwBase = pdw.baseAddress!
                            // Split by channel: each worker owns its channels' filter gradients.
                            Parallel.forEachSlice(count: c) { _, range in
                                // Zero borders (and tails) stay zero: only interiors are rewritten.
                                let padded = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                                let dPadded = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                                // dY widened to wp columns, after maxOffset leading zeros.
                                let gWide = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                                padded.initialize(repeating: 0, count: capacity)
                                dPadded.initialize(repeating: 0, count: capacity)
                                gWide.initialize(repeating: 0, count: capacity)
                                defer { padded.deallocate(); dPadded.deallocate(); gWide.deallocate() }
                                let gFlat = gWide + maxOffset
                                for ch in range {
                                    let f = wBase + ch * taps
                                    let dFilter = dwBase + ch * taps
                                    for b in 0..<n {
                                        let plane = b * c + ch
                                        pad(xBase + plane * h * w, h: h, w: w, padH: g.padH, padW: g.padW, into: padded)
                                        let gy = gBase + plane * oh * ow
                                        if flat {
                                            for oi in 0..<oh { (gFlat + oi * wp).update(from: gy + oi * ow, count: ow) }
                                            for t in 0..<taps {
                                                let offset = (t / kw) * dh * wp + (t % kw) * dw
                                                dFilter[t] += dot8(gFlat, padded + offset, count: flatCount)
                                            }
                                            guard dxBase != nil else { continue }
                                            // dX as a gather: dPadded[p] = Σ_t w_t · dY[p - offset_t].
                                            let count = hp * wp
                                            if kh == 3 && kw == 3 {
                                                let w0 = f[0], w1 = f[1], w2 = f[2], w3 = f[3], w4 = f[4]
                                                let w5 = f[5], w6 = f[6], w7 = f[7], w8 = f[8]
                                                let r2 = UnsafePointer(gWide), r1 = r2 + dh * wp, r0 = r1 + dh * wp
                                                for i in 0..<count {
                                                    var s = w0 * r0[i + 2 * dw] + w1 * r0[i + dw] + w2 * r0[i]
                                                    s += w3 * r1[i + 2 * dw] + w4 * r1[i + dw] + w5 * r1[i]
                                                    s += w6 * r2[i + 2 * dw] + w7 * r2[i + dw] + w8 * r2[i]
                                                    dPadded[i] = s
                                                }
                                            } else {
                                                dPadded.update(repeating: 0, count: count)
                                                for t in 0..<taps {
                                                    let wv = f[t]
                                                    let src = UnsafePointer(gFlat) - ((t / kw) * dh * wp + (t % kw) * dw)
                                                    for i in 0..<count { dPadded[i] += wv * src[i] }
                                                }
                                            }
                                        } else {
                                            if dxBase != nil { dPadded.update(repeating: 0, count: hp * wp) }
                                            accumulateStrided(gy, padded, dxBase == nil ? nil : dPadded, f, dFilter,
                                                              g: g, oh: oh, ow: ow, wp: wp)
                                        }
                                        if let dxBase {
                                            let d = dxBase + plane * h * w
                                            for i in 0..<h {
                                                (d + i * w).update(from: dPadded + (i + g.padH) * wp + g.padW, count: w)
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
        let db: Tensor? = hasBias ? Im2ColConvolution.channelSum(gradOutput) : nil
        return Im2ColConvolution.Gradients(input: dx, weight: dWeight, bias: db)
    }

    /// Backward of one plane for strided geometries, row by row: adds into the
    /// filter gradient and, when `dPadded` is given, the padded input gradient.
    @inline(__always)
    static func accumulateStrided(_ gy: UnsafePointer<Float>, _ padded: UnsafePointer<Float>,
                                  _ dPadded: UnsafeMutablePointer<Float>?, _ f: UnsafePointer<Float>,
                                  _ dFilter: UnsafeMutablePointer<Float>, g: ConvGeometry, oh: Int, ow: Int, wp: Int) {
        let kw = g.kernelW, sw = g.strideW
        for oi in 0..<oh {
            let gRow = gy + oi * ow
            for ki in 0..<g.kernelH {
                let rowOffset = (oi * g.strideH + ki * g.dilationH) * wp
                for kj in 0..<kw {
                    let src = padded + rowOffset + kj * g.dilationW
                    var acc: Float = 0
                    for oj in 0..<ow { acc += gRow[oj] * src[oj * sw] }
                    dFilter[ki * kw + kj] += acc
                    guard let dPadded else { continue }
                    let wv = f[ki * kw + kj]
                    let dst = dPadded + rowOffset + kj * g.dilationW
                    for oj in 0..<ow { dst[oj * sw] += wv * gRow[oj] }
                }
            }
        }
    }
}
