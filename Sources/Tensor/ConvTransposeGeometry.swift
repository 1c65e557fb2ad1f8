/// The static description of a 2-D transposed convolution (geometry only: the layout is the caller's).
///
/// Weight layout [inChannels, outChannels / groups, kh, kw], as in PyTorch and
/// ONNX `ConvTranspose`. Output size per axis:
/// `(in - 1) · stride - 2 · pad + dilation · (kernel - 1) + outputPadding + 1`.
public struct ConvTransposeGeometry: Sendable, Equatable, Hashable, Codable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int
    public var outputPadH: Int
    public var outputPadW: Int
    public var dilationH: Int
    public var dilationW: Int
    public var groups: Int

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernelH: kernel, kernelW: kernel,
                  strideH: stride, strideW: stride, padH: padding, padW: padding,
                  outputPadH: outputPadding, outputPadW: outputPadding,
                  dilationH: dilation, dilationW: dilation, groups: groups)
    }

    public init(inChannels: Int, outChannels: Int, kernelH: Int, kernelW: Int,
                strideH: Int = 1, strideW: Int = 1, padH: Int = 0, padW: Int = 0,
                outputPadH: Int = 0, outputPadW: Int = 0,
                dilationH: Int = 1, dilationW: Int = 1, groups: Int = 1) {
        precondition(outputPadH >= 0 && outputPadW >= 0
                     && (outputPadH < strideH || outputPadH < dilationH)
                     && (outputPadW < strideW || outputPadW < dilationW),
                     "conv transpose: output padding must be smaller than the stride or the dilation")
        // The adjoint convolution validates the rest.
        _ = ConvGeometry(inChannels: outChannels, outChannels: inChannels, kernelH: kernelH, kernelW: kernelW,
                         strideH: strideH, strideW: strideW, padH: padH, padW: padW,
                         dilationH: dilationH, dilationW: dilationW, groups: groups)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelH = kernelH
        self.kernelW = kernelW
        self.strideH = strideH
        self.strideW = strideW
        self.padH = padH
        self.padW = padW
        self.outputPadH = outputPadH
        self.outputPadW = outputPadW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.groups = groups
    }

    /// Weight shape [Cin, Cout/groups, kh, kw].
    public var weightShape: [Int] { [inChannels, outChannels / groups, kernelH, kernelW] }

    public func outputSize(height: Int, width: Int) -> (h: Int, w: Int) {
        let oh = (height - 1) * strideH - 2 * padH + dilationH * (kernelH - 1) + outputPadH + 1
        let ow = (width - 1) * strideW - 2 * padW + dilationW * (kernelW - 1) + outputPadW + 1
        return (oh, ow)
    }

    /// The convolution whose input gradient this operator computes: same
    /// kernel, stride, padding, dilation and groups, channels swapped. Its
    /// weight shape equals `weightShape`.
    public var adjoint: ConvGeometry {
        ConvGeometry(inChannels: outChannels, outChannels: inChannels, kernelH: kernelH, kernelW: kernelW,
                     strideH: strideH, strideW: strideW, padH: padH, padW: padW,
                     dilationH: dilationH, dilationW: dilationW, groups: groups)
    }
}
