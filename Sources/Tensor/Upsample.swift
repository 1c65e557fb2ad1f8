/// Upsampling of NHWC tensors by an integer factor per axis.
///
/// `.bilinear` uses half-pixel centres without corner alignment: the source
/// coordinate of output index o is max(0, (o + 0.5) / factor - 0.5), as in
/// PyTorch (`align_corners=False`) and ONNX `Resize` (`half_pixel`, linear).
public enum Upsample {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case nearest
        case bilinear
    }

    /// The taps along one axis of `inSize` for an integer `factor`.
    static func taps(inSize: Int, factor: Int, mode: Mode) -> ResampleTaps {
        let outSize = inSize * factor
        var t = ResampleTaps(lo: [Int](repeating: 0, count: outSize), hi: [Int](repeating: 0, count: outSize),
                             frac: [Float](repeating: 0, count: outSize))
        for o in 0..<outSize {
            switch mode {
            case .nearest:
                t.lo[o] = o / factor
                t.hi[o] = o / factor
            case .bilinear:
                let src = Swift.max(0, (Float(o) + 0.5) / Float(factor) - 0.5)
                let i0 = Swift.min(Int(src), inSize - 1)
                t.lo[o] = i0
                t.hi[o] = Swift.min(i0 + 1, inSize - 1)
                t.frac[o] = src - Float(i0)
            }
        }
        return t
    }

    public static func forward(_ x: Tensor, factorH: Int, factorW: Int, mode: Mode) -> Tensor {
        precondition(x.rank == 4, "upsample: input \(x.shape) is not NHWC")
        precondition(factorH >= 1 && factorW >= 1, "upsample: factors \(factorH)×\(factorW) must be ≥ 1")
        return ResampleTaps.forward(x, rows: taps(inSize: x.shape[1], factor: factorH, mode: mode),
                                    cols: taps(inSize: x.shape[2], factor: factorW, mode: mode))
    }

    public static func forward(_ x: Tensor, factor: Int, mode: Mode) -> Tensor {
        forward(x, factorH: factor, factorW: factor, mode: mode)
    }

    /// The adjoint: every output gradient goes back to its (up to four) sources
    /// with the forward weights. Saved state: the input shape.
    public static func backward(_ gradOutput: Tensor, inputShape: [Int], factorH: Int, factorW: Int, mode: Mode) -> Tensor {
        precondition(inputShape.count == 4, "upsample backward: input shape \(inputShape) is not NHWC")
        return ResampleTaps.backward(gradOutput, inputShape: inputShape,
                                     rows: taps(inSize: inputShape[1], factor: factorH, mode: mode),
                                     cols: taps(inSize: inputShape[2], factor: factorW, mode: mode))
    }

    public static func backward(_ gradOutput: Tensor, inputShape: [Int], factor: Int, mode: Mode) -> Tensor {
        backward(gradOutput, inputShape: inputShape, factorH: factor, factorW: factor, mode: mode)
    }
}
