/// Window, stride and zero padding of a 2-D pooling over NHWC tensors
/// (floor mode: partial windows past the padded edge are dropped).
public struct PoolGeometry: Sendable, Equatable, Hashable, Codable {
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int

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
        ((height + 2 * padH - kernelH) / strideH + 1, (width + 2 * padW - kernelW) / strideW + 1)
    }
}
