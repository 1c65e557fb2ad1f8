import CDNNL

/// 2-D transposed convolution ("deconvolution") over NHWC activations, as
/// the adjoint of `Convolution` on oneDNN's convolution primitives: forward
/// is the adjoint's backward-data pass, the input gradient its forward pass.
/// The weight [Cin, Cout/g, kh, kw] is exactly the adjoint's OIHW weight.
public enum ConvTranspose {
    public typealias Gradients = ConvGradients

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry t: ConvTransposeGeometry) -> Tensor {
        precondition(x.rank == 4 && x.shape[3] == t.inChannels,
                     "conv transpose: input \(x.shape) does not have \(t.inChannels) channels in NHWC")
        precondition(weight.shape == t.weightShape, "conv transpose: weight \(weight.shape) ≠ \(t.weightShape)")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2]
        let (oh, ow) = t.outputSize(height: h, width: w)
        precondition(oh > 0 && ow > 0, "conv transpose: output would be \(oh)×\(ow)")
        var y = Tensor(zeros: [n, oh, ow, t.outChannels])
        guard n > 0, let p = adjointPrimitive(t, batch: n, height: h, width: w) else {
            return reference(x, weight: weight, bias: bias, geometry: t)
        }
        let status = x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    dqss_conv_backward_data(p.raw, px.baseAddress, pw.baseAddress, py.baseAddress)
                }
            }
        }
        guard status == 0 else { return reference(x, weight: weight, bias: bias, geometry: t) }
        if let bias { Convolution.addChannelBias(&y, bias) }
        return y
    }

    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                                geometry t: ConvTransposeGeometry, needInputGradient: Bool = true) -> Gradients {
        let n = x.shape[0], h = x.shape[1], w = x.shape[2]
        let (oh, ow) = t.outputSize(height: h, width: w)
        precondition(gradOutput.shape == [n, oh, ow, t.outChannels],
                     "conv transpose backward: gradient \(gradOutput.shape) ≠ output [\(n), \(oh), \(ow), \(t.outChannels)]")
        precondition(weight.shape == t.weightShape, "conv transpose: weight \(weight.shape) ≠ \(t.weightShape)")
        let db: Tensor? = hasBias ? Convolution.channelSum(gradOutput) : nil
        guard n > 0, let p = adjointPrimitive(t, batch: n, height: h, width: w) else {
            var r = Im2ColConvTranspose.backward(gradOutput.nhwcToNCHW(), input: x.nhwcToNCHW(), weight: weight,
                                                 hasBias: hasBias, geometry: t, needInputGradient: needInputGradient)
            if needInputGradient { r.input = r.input.nchwToNHWC() }
            return r
        }
        // dX = adjoint(dY); dW is the adjoint's weight gradient for its
        // input dY and its output gradient X.
        var dx = Tensor(zeros: needInputGradient ? x.shape : [0])
        var dw = Tensor(zeros: weight.shape)
        let status = gradOutput.withUnsafeBufferPointer { pg -> Int32 in
            if needInputGradient {
                let s = weight.withUnsafeBufferPointer { pw in
                    dx.withUnsafeMutableBufferPointer { pdx in
                        dqss_conv_forward(p.raw, pg.baseAddress, pw.baseAddress, nil, pdx.baseAddress)
                    }
                }
                if s != 0 { return s }
            }
            return x.withUnsafeBufferPointer { px in
                dw.withUnsafeMutableBufferPointer { pdw in
                    dqss_conv_backward_weights(p.raw, pg.baseAddress, px.baseAddress, pdw.baseAddress, nil)
                }
            }
        }
        guard status == 0 else {
            var r = Im2ColConvTranspose.backward(gradOutput.nhwcToNCHW(), input: x.nhwcToNCHW(), weight: weight,
                                                 hasBias: hasBias, geometry: t, needInputGradient: needInputGradient)
            if needInputGradient { r.input = r.input.nchwToNHWC() }
            return r
        }
        return Gradients(input: dx, weight: dw, bias: db)
    }

    /// The adjoint convolution from the transposed one's output (h', w') back
    /// to its input (h, w). The input size is given, not computed: with an
    /// output padding the adjoint's own output formula would round it away.
    static func adjointPrimitive(_ t: ConvTransposeGeometry, batch: Int, height: Int,
                                 width: Int) -> DNNLConvolutionPrimitive? {
        let (oh, ow) = t.outputSize(height: height, width: width)
        return DNNLConvolutionPrimitive.make(.init(geometry: t.adjoint, batch: batch, height: oh, width: ow,
                                                   outHeight: height, outWidth: width, hasBias: false))
    }

    static func reference(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry t: ConvTransposeGeometry) -> Tensor {
        Im2ColConvTranspose.forward(x.nhwcToNCHW(), weight: weight, bias: bias, geometry: t).nchwToNHWC()
    }
}
