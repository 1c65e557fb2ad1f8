import CDNNL

/// 2-D convolution (cross-correlation, as in every deep-learning framework)
/// over NHWC activations with OIHW weights, through oneDNN. Where oneDNN
/// cannot build a primitive the reference `Im2ColConvolution` computes it.
public enum Convolution {
    public typealias Gradients = ConvGradients

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        precondition(x.rank == 4 && x.shape[3] == g.inChannels,
                     "conv: input \(x.shape) does not have \(g.inChannels) channels in NHWC")
        precondition(weight.shape == g.weightShape, "conv: weight \(weight.shape) ≠ \(g.weightShape)")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "conv: input \(h)×\(w) is smaller than the kernel")
        if let bias { precondition(bias.count == g.outChannels, "conv: bias \(bias.shape) for \(g.outChannels) channels") }
        guard n > 0, let p = primitive(g, batch: n, height: h, width: w, hasBias: bias != nil) else {
            return referenceForward(x, weight: weight, bias: bias, geometry: g)
        }
        // Wide-to-narrow layers on large planes (SRResNet's 9×9 tail): oneDNN's
        // GEMM fallback builds a huge im2col matrix; kn2row does not.
        if p.forwardIsGEMM, Kn2RowConvolution.handles(g, height: h, width: w) {
            return referenceForward(x, weight: weight, bias: bias, geometry: g)
        }
        // oneDNN overwrites every output element: no zero fill first.
        var status: Int32 = 0
        let y = Tensor(shape: [n, oh, ow, g.outChannels]) { py in
            status = x.withUnsafeBufferPointer { px in
                weight.withUnsafeBufferPointer { pw in
                    guard let bias else {
                        return dqss_conv_forward(p.raw, px.baseAddress, pw.baseAddress, nil, py.baseAddress)
                    }
                    return bias.withUnsafeBufferPointer { pb in
                        dqss_conv_forward(p.raw, px.baseAddress, pw.baseAddress, pb.baseAddress, py.baseAddress)
                    }
                }
            }
        }
        return status == 0 ? y : referenceForward(x, weight: weight, bias: bias, geometry: g)
    }

    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry g: ConvGeometry, needInputGradient: Bool = true) -> Gradients {
        let n = x.shape[0], h = x.shape[1], w = x.shape[2]
        let (oh, ow) = g.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, oh, ow, g.outChannels],
                     "conv backward: gradient \(gradOutput.shape) ≠ output [\(n), \(oh), \(ow), \(g.outChannels)]")
        guard n > 0, let p = primitive(g, batch: n, height: h, width: w, hasBias: hasBias) else {
            return referenceBackward(gradOutput, input: x, weight: weight, hasBias: hasBias, geometry: g,
                                     needInputGradient: needInputGradient)
        }
        // oneDNN overwrites every element of its results: no zero fill first.
        var status: Int32 = 0
        let dx = needInputGradient ? Tensor(shape: x.shape) { pdx in
            status = gradOutput.withUnsafeBufferPointer { pg in
                weight.withUnsafeBufferPointer { pw in
                    dqss_conv_backward_data(p.raw, pg.baseAddress, pw.baseAddress, pdx.baseAddress)
                }
            }
        } : Tensor(zeros: [0])
        var db = Tensor(zeros: hasBias ? [g.outChannels] : [0])
        let dw = status != 0 ? weight : Tensor(shape: weight.shape) { pdw in
            status = x.withUnsafeBufferPointer { px in
                gradOutput.withUnsafeBufferPointer { pg in
                    db.withUnsafeMutableBufferPointer { pdb in
                        dqss_conv_backward_weights(p.raw, px.baseAddress, pg.baseAddress, pdw.baseAddress,
                                                   hasBias ? pdb.baseAddress : nil)
                    }
                }
            }
        }
        guard status == 0 else {
            return referenceBackward(gradOutput, input: x, weight: weight, hasBias: hasBias, geometry: g,
                                     needInputGradient: needInputGradient)
        }
        return Gradients(input: dx, weight: dw, bias: hasBias ? db : nil)
    }

    static func primitive(_ g: ConvGeometry, batch: Int, height: Int, width: Int,
                          hasBias: Bool) -> DNNLConvolutionPrimitive? {
        let (oh, ow) = g.outputSize(height: height, width: width)
        return DNNLConvolutionPrimitive.make(.init(geometry: g, batch: batch, height: height, width: width,
                                                   outHeight: oh, outWidth: ow, hasBias: hasBias))
    }

    static func referenceForward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        Im2ColConvolution.forward(x.nhwcToNCHW(), weight: weight, bias: bias, geometry: g).nchwToNHWC()
    }

    static func referenceBackward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                  geometry g: ConvGeometry, needInputGradient: Bool) -> Gradients {
        var r = Im2ColConvolution.backward(gradOutput.nhwcToNCHW(), input: x.nhwcToNCHW(), weight: weight,
                                           hasBias: hasBias, geometry: g, needInputGradient: needInputGradient)
        if needInputGradient { r.input = r.input.nchwToNHWC() }
        return r
    }

    /// y[..., c] += bias[c] over a channels-last tensor.
    public static func addChannelBias(_ y: inout Tensor, _ bias: Tensor) {
        let c = y.shape.last ?? 0
        precondition(bias.count == c, "bias has \(bias.count) entries for \(c) channels")
        guard c > 0 else { return }
        let rows = y.count / c
        bias.withUnsafeBufferPointer { pb in
            y.withUnsafeMutableBufferPointer { py in
                for r in 0..<rows {
                    let base = r * c
                    for ch in 0..<c { py[base + ch] += pb[ch] }
                }
            }
        }
    }

    /// Σ over every axis but the last (channels): [N, H, W, C] → [C].
    public static func channelSum(_ t: Tensor) -> Tensor {
        let c = t.shape.last ?? 0
        var out = [Float](repeating: 0, count: c)
        guard c > 0 else { return Tensor(shape: [0], scalars: []) }
        let rows = t.count / c
        t.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows {
                    let base = r * c
                    for ch in 0..<c { o[ch] += p[base + ch] }
                }
            }
        }
        return Tensor(shape: [c], scalars: out)
    }
}
