/// The static description of a 2-D convolution (geometry only: the layout is the caller's).
public struct ConvGeometry: Sendable, Equatable, Hashable, Codable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int
    public var dilationH: Int
    public var dilationW: Int
    public var groups: Int

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernelH: kernel, kernelW: kernel,
                  strideH: stride, strideW: stride, padH: padding, padW: padding,
                  dilationH: dilation, dilationW: dilation, groups: groups)
    }

    public init(inChannels: Int, outChannels: Int, kernelH: Int, kernelW: Int,
                strideH: Int = 1, strideW: Int = 1, padH: Int = 0, padW: Int = 0,
                dilationH: Int = 1, dilationW: Int = 1, groups: Int = 1) {
        precondition(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                     "conv: channels \(inChannels)→\(outChannels) not divisible by groups \(groups)")
        precondition(kernelH >= 1 && kernelW >= 1 && strideH >= 1 && strideW >= 1
                     && dilationH >= 1 && dilationW >= 1 && padH >= 0 && padW >= 0,
                     "conv: kernel, stride and dilation must be ≥ 1 and padding ≥ 0")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelH = kernelH
        self.kernelW = kernelW
        self.strideH = strideH
        self.strideW = strideW
        self.padH = padH
        self.padW = padW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.groups = groups
    }

    /// Weight shape [Cout, Cin/groups, kh, kw].
    public var weightShape: [Int] { [outChannels, inChannels / groups, kernelH, kernelW] }

    public func outputSize(height: Int, width: Int) -> (h: Int, w: Int) {
        let oh = (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1
        let ow = (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1
        return (oh, ow)
    }

    /// True when the convolution is a plain matrix product over pixels.
    var isPointwise: Bool {
        kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
    }
}
