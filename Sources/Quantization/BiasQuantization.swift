import Tensor

/// The bias of a quantized layer as integer kernels hold it: int32 codes on
/// the grid s_x · s_w[c] (input-activation scale times the output channel's
/// weight scale), zero point 0. Integer convolution adds the bias to the
/// int32 accumulator, so deployment (ONNX Runtime's QLinearConv, TFLite, the
/// QDQ form every runtime folds to) sees exactly these values; simulating
/// them keeps a quantized network's evaluation equal to what it will run.
public enum BiasQuantization {
    /// Per-output-channel bias scales s_x · s_w[c] (`weight` per tensor or per output channel).
    public static func scales(activation: QuantParams, weight: QuantParams, channels: Int) -> [Float] {
        let sx = activation.scales[0]
        // A grouped transposed convolution's per-channel scales (weight axis 1)
        // cover one group's outputs; output channel c uses scale c mod count.
        return (0..<channels).map { sx * weight.scales[$0 % weight.scales.count] }
    }

    /// int32 codes of `bias`: round half to even, saturated to the int32 range.
    public static func codes(_ bias: Tensor, scales: [Float]) -> [Int32] {
        precondition(bias.count == scales.count, "bias of \(bias.count) values for \(scales.count) scales")
        return zip(bias.scalars, scales).map { b, s in
            let q = (Double(b) / Double(s)).rounded(.toNearestOrEven)
            return Int32(Swift.min(Swift.max(q, Double(Int32.min)), Double(Int32.max)))
        }
    }

    /// The bias as the integer kernel adds it: codes · scale.
    public static func quantized(_ bias: Tensor, activation: QuantParams, weight: QuantParams) -> Tensor {
        let s = scales(activation: activation, weight: weight, channels: bias.count)
        return Tensor(shape: bias.shape, scalars: zip(codes(bias, scales: s), s).map { Float($0) * $1 })
    }
}
