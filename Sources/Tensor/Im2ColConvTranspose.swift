/// The reference 2-D transposed convolution ("deconvolution") over NCHW tensors, as the adjoint of
/// `Im2ColConvolution`: forward is GEMM + col2im, backward is im2col + GEMM.
public enum Im2ColConvTranspose {
    public typealias Gradients = Im2ColConvolution.Gradients

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry t: ConvTransposeGeometry) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == t.inChannels,
                     "conv transpose: input \(x.shape) does not have \(t.inChannels) channels in NCHW")
        precondition(weight.shape == t.weightShape, "conv transpose: weight \(weight.shape) ≠ \(t.weightShape)")
        let g = t.adjoint
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = t.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "conv transpose: output would be \(oh)×\(ow)")
        var y = Tensor(zeros: [n, t.outChannels, oh, ow])
        let ciG = t.inChannels / t.groups, coG = t.outChannels / t.groups
        let k = coG * t.kernelH * t.kernelW
        let plane = h * w
        let inImage = t.inChannels * plane, outImage = t.outChannels * oh * ow
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    let xBase = px.baseAddress!, wBase = pw.baseAddress!, yBase = py.baseAddress!
                    Parallel.forEachSlice(count: n) { _, range in
                        let cols = UnsafeMutablePointer<Float>.allocate(capacity: k * plane)
                        defer { cols.deallocate() }
                        for b in range {
                            for grp in 0..<t.groups {
                                let xg = xBase + b * inImage + grp * ciG * plane
                                let yg = yBase + b * outImage + grp * coG * oh * ow
                                // cols = W_gᵀ · x_g, then scatter-add the patches.
                                GEMM.multiply(wBase + grp * ciG * k, transposeA: true, xg, transposeB: false,
                                              into: cols, m: k, n: plane, k: ciG)
                                Im2Col.fold(cols, channels: coG, height: oh, width: ow, geometry: g,
                                            outH: h, outW: w, into: yg)
                            }
                        }
                    }
                }
            }
        }
        if let bias { Im2ColConvolution.addChannelBias(&y, bias) }
        return y
    }

    /// Gradients for the input, the weight and (when `hasBias`) the bias.
    /// Saved state: the forward input `x` and the weight.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry t: ConvTransposeGeometry, needInputGradient: Bool = true) -> Gradients {
        let g = t.adjoint
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let (oh, ow) = t.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, t.outChannels, oh, ow],
                     "conv transpose backward: gradient \(gradOutput.shape) ≠ output [\(n), \(t.outChannels), \(oh), \(ow)]")
        precondition(weight.shape == t.weightShape, "conv transpose: weight \(weight.shape) ≠ \(t.weightShape)")
        let ciG = t.inChannels / t.groups, coG = t.outChannels / t.groups
        let k = coG * t.kernelH * t.kernelW
        let plane = h * w
        let inImage = t.inChannels * plane, outImage = t.outChannels * oh * ow
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        let workers = Parallel.workers
        let wCount = weight.count
        var dwPartials = [Float](repeating: 0, count: workers * wCount)
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                gradOutput.withUnsafeBufferPointer { pg in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        dwPartials.withUnsafeMutableBufferPointer { pdw in
                            let xBase = px.baseAddress!, wBase = pw.baseAddress!, gBase = pg.baseAddress!
                            // An empty array still has a base address: never write through it.
                            let dxBase = needInputGradient ? pdx.baseAddress : nil
                            let dwBase = pdw.baseAddress!
                            Parallel.forEachSlice(count: n) { worker, range in
                                let cols = UnsafeMutablePointer<Float>.allocate(capacity: k * plane)
                                defer { cols.deallocate() }
                                let dw = dwBase + worker * wCount
                                for b in range {
                                    for grp in 0..<t.groups {
                                        let xg = xBase + b * inImage + grp * ciG * plane
                                        let gy = gBase + b * outImage + grp * coG * oh * ow
                                        Im2Col.unfold(gy, channels: coG, height: oh, width: ow, geometry: g,
                                                      outH: h, outW: w, into: cols)
                                        // dW_g += x_g · colsᵀ
                                        GEMM.multiply(xg, transposeA: false, cols, transposeB: true,
                                                      into: dw + grp * ciG * k, m: ciG, n: k, k: plane,
                                                      alpha: 1, beta: 1)
                                        guard let dxBase else { continue }
                                        // dX_g = W_g · cols
                                        GEMM.multiply(wBase + grp * ciG * k, transposeA: false, cols, transposeB: false,
                                                      into: dxBase + b * inImage + grp * ciG * plane,
                                                      m: ciG, n: plane, k: k)
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
        let db: Tensor? = hasBias ? Im2ColConvolution.channelSum(gradOutput) : nil
        return Gradients(input: dx, weight: dw, bias: db)
    }
}
