/// Conversions between the channels-last layout dqss computes in and the
/// channels-first one of files (ONNX, PyTorch) and of the reference kernels.
extension Tensor {
    /// [N, C, H, W] → [N, H, W, C].
    public func nchwToNHWC() -> Tensor {
        precondition(rank == 4, "nchwToNHWC needs a rank-4 tensor, got \(shape)")
        let n = shape[0], c = shape[1], h = shape[2], w = shape[3]
        var out = Tensor(zeros: [n, h, w, c])
        let plane = h * w
        withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for b in 0..<n {
                    let s = b * c * plane
                    for ch in 0..<c {
                        for p in 0..<plane { dst[s + p * c + ch] = src[s + ch * plane + p] }
                    }
                }
            }
        }
        return out
    }

    /// [N, H, W, C] → [N, C, H, W].
    public func nhwcToNCHW() -> Tensor {
        precondition(rank == 4, "nhwcToNCHW needs a rank-4 tensor, got \(shape)")
        let n = shape[0], h = shape[1], w = shape[2], c = shape[3]
        var out = Tensor(zeros: [n, c, h, w])
        let plane = h * w
        withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for b in 0..<n {
                    let s = b * c * plane
                    for p in 0..<plane {
                        for ch in 0..<c { dst[s + ch * plane + p] = src[s + p * c + ch] }
                    }
                }
            }
        }
        return out
    }
}
