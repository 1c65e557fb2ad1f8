/// Window, stride and zero padding of a 2-D pooling over NHWC tensors.
/// Floor mode drops partial windows past the padded edge; ceil mode (ONNX and
/// PyTorch `ceil_mode`) keeps a last partial window that starts inside the
/// input or its leading padding.
public struct PoolGeometry: Sendable, Equatable, Hashable, Codable {
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int
    public var ceilMode = false

    /// `stride` defaults to the kernel size, as in PyTorch.
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(kernelH: kernel, kernelW: kernel, strideH: stride ?? kernel, strideW: stride ?? kernel,
                  padH: padding, padW: padding)
    }

    public init(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padH: Int = 0, padW: Int = 0) {
        precondition(kernelH >= 1 && kernelW >= 1 && strideH >= 1 && strideW >= 1,
                     "pool: kernel and stride must be ≥ 1")
        // As in PyTorch: every window then holds at least one real input.
        precondition(padH >= 0 && padW >= 0 && 2 * padH <= kernelH && 2 * padW <= kernelW,
                     "pool: padding must be between 0 and half the kernel size")
        self.kernelH = kernelH
        self.kernelW = kernelW
        self.strideH = strideH
        self.strideW = strideW
        self.padH = padH
        self.padW = padW
    }

    public func outputSize(height: Int, width: Int) -> (h: Int, w: Int) {
        (Self.outputLength(height, kernel: kernelH, stride: strideH, pad: padH, ceil: ceilMode),
         Self.outputLength(width, kernel: kernelW, stride: strideW, pad: padW, ceil: ceilMode))
    }

    static func outputLength(_ size: Int, kernel: Int, stride: Int, pad: Int, ceil: Bool) -> Int {
        let span = size + 2 * pad - kernel
        guard ceil, span >= 0 else { return span / stride + 1 }
        var n = (span + stride - 1) / stride + 1
        // The last window must start inside the input or its leading padding.
        if (n - 1) * stride >= size + pad { n -= 1 }
        return n
    }

    /// How many positions of window `o` lie inside the padded input (the
    /// divisor of an average that counts padding; less than the kernel only for
    /// a ceil-mode window that runs past the trailing padding).
    public func paddedWindowArea(row o: Int, column q: Int, height: Int, width: Int) -> Int {
        let i0 = o * strideH - padH, j0 = q * strideW - padW
        return (Swift.min(i0 + kernelH, height + padH) - i0) * (Swift.min(j0 + kernelW, width + padW) - j0)
    }
}
