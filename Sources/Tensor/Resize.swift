/// Resampling of NHWC tensors to any size by ONNX `Resize`'s rules for its
/// nearest and linear modes (two taps per axis), in Float arithmetic as ONNX
/// Runtime computes them, so ties in nearest rounding land the same way.
public enum Resize {
    public enum Interpolation: String, Sendable, Codable, CaseIterable {
        case nearest
        case linear
    }

    /// How an output index maps back to a source coordinate (ONNX `coordinate_transformation_mode`).
    public enum CoordinateMode: String, Sendable, Codable, CaseIterable {
        case halfPixel = "half_pixel"
        case pytorchHalfPixel = "pytorch_half_pixel"
        case alignCorners = "align_corners"
        case asymmetric
        case tfHalfPixelForNN = "tf_half_pixel_for_nn"
    }

    /// How nearest sampling rounds a source coordinate (ONNX `nearest_mode`).
    public enum NearestMode: String, Sendable, Codable, CaseIterable {
        case roundPreferFloor = "round_prefer_floor"
        case roundPreferCeil = "round_prefer_ceil"
        case floor
        case ceil
    }

    public struct Sampling: Sendable, Hashable {
        public var interpolation: Interpolation
        public var coordinates: CoordinateMode
        public var nearest: NearestMode
        public init(_ interpolation: Interpolation, coordinates: CoordinateMode = .halfPixel,
                    nearest: NearestMode = .roundPreferFloor) {
            self.interpolation = interpolation
            self.coordinates = coordinates
            self.nearest = nearest
        }
    }

    /// floor(inSize · scale), the output length ONNX Runtime gives a scale.
    public static func outputSize(inSize: Int, scale: Float) -> Int {
        Int((scale * Float(inSize)).rounded(.down))
    }

    /// The source coordinate of output index `o` (before clamping).
    static func source(_ o: Int, inSize: Int, outSize: Int, scale: Float, mode: CoordinateMode) -> Float {
        let x = Float(o)
        switch mode {
        case .halfPixel: return (x + 0.5) / scale - 0.5
        case .pytorchHalfPixel: return outSize > 1 ? (x + 0.5) / scale - 0.5 : 0
        case .alignCorners: return outSize == 1 ? 0 : x * Float(inSize - 1) / Float(outSize - 1)
        case .asymmetric: return x / scale
        case .tfHalfPixelForNN: return (x + 0.5) / scale
        }
    }

    static func taps(inSize: Int, outSize: Int, scale: Float, sampling s: Sampling) -> ResampleTaps {
        var t = ResampleTaps(lo: [Int](repeating: 0, count: outSize), hi: [Int](repeating: 0, count: outSize),
                             frac: [Float](repeating: 0, count: outSize))
        for o in 0..<outSize {
            let x = source(o, inSize: inSize, outSize: outSize, scale: scale, mode: s.coordinates)
            switch s.interpolation {
            case .nearest:
                let i: Float
                switch s.nearest {
                case .roundPreferFloor: i = x == x.rounded(.towardZero) + 0.5 ? x.rounded(.down) : x.rounded()
                case .roundPreferCeil: i = x.rounded()
                case .floor: i = x.rounded(.down)
                case .ceil: i = x.rounded(.up)
                }
                let k = i.isFinite ? Swift.min(Swift.max(Int(i), 0), inSize - 1) : 0
                t.lo[o] = k
                t.hi[o] = k
            case .linear:
                let c = Swift.min(Swift.max(x, 0), Float(inSize - 1))
                let i0 = Swift.min(Int(c), inSize - 1)
                t.lo[o] = i0
                t.hi[o] = Swift.min(i0 + 1, inSize - 1)
                t.frac[o] = c - Float(i0)
            }
        }
        return t
    }

    /// `x` resampled to `height` × `width`; `scaleH`, `scaleW` are the factors
    /// the coordinate rules divide by (the given scales, or output / input sizes).
    public static func forward(_ x: Tensor, height: Int, width: Int, scaleH: Float, scaleW: Float, sampling: Sampling) -> Tensor {
        precondition(x.rank == 4, "resize: input \(x.shape) is not NHWC")
        precondition(height >= 1 && width >= 1 && scaleH > 0 && scaleW > 0, "resize: output \(height)×\(width), scales \(scaleH), \(scaleW)")
        return ResampleTaps.forward(x, rows: taps(inSize: x.shape[1], outSize: height, scale: scaleH, sampling: sampling),
                                    cols: taps(inSize: x.shape[2], outSize: width, scale: scaleW, sampling: sampling))
    }

    /// The adjoint of `forward`: the output size is the gradient's.
    public static func backward(_ gradOutput: Tensor, inputShape: [Int], scaleH: Float, scaleW: Float, sampling: Sampling) -> Tensor {
        precondition(inputShape.count == 4 && gradOutput.rank == 4, "resize backward: \(gradOutput.shape) for input \(inputShape)")
        let rows = taps(inSize: inputShape[1], outSize: gradOutput.shape[1], scale: scaleH, sampling: sampling)
        let cols = taps(inSize: inputShape[2], outSize: gradOutput.shape[2], scale: scaleW, sampling: sampling)
        return ResampleTaps.backward(gradOutput, inputShape: inputShape, rows: rows, cols: cols)
    }
}
