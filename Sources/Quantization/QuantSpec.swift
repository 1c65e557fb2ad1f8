/// What integer grid a tensor is quantized to.
///
/// Grids (integer codes q, real value = (q − zeroPoint) · scale):
/// * signed symmetric, narrow range (default): [−(2^(b−1) − 1), 2^(b−1) − 1].
///   The grid is symmetric about zero so a clip range [−α, α] maps exactly onto
///   it; this is TensorRT's and TF-Lite's weight convention ("narrow_range")
///   and what the ACIQ and KL analyses assume. At 2 bits it is ternary.
/// * signed symmetric, full range: [−2^(b−1), 2^(b−1) − 1] (LSQ's Q_N, Q_P).
/// * signed affine: [−2^(b−1), 2^(b−1) − 1] with an integer zero point.
/// * unsigned: [0, 2^b − 1]; symmetric means zero point 0 (post-ReLU), affine
///   means a zero point in the grid (PyTorch's quint8 activations).
public struct QuantSpec: Sendable, Hashable, Codable {
    public var bits: Int
    public var isSigned: Bool
    public var isSymmetric: Bool
    /// Drop the most negative code of a signed symmetric grid.
    public var narrowRange: Bool
    public var granularity: QuantGranularity

    public init(bits: Int, signed: Bool, symmetric: Bool, narrowRange: Bool? = nil,
                granularity: QuantGranularity = .perTensor) {
        precondition((2...8).contains(bits), "quantization needs 2…8 bits, got \(bits)")
        self.bits = bits
        self.isSigned = signed
        self.isSymmetric = symmetric
        self.narrowRange = narrowRange ?? (signed && symmetric)
        self.granularity = granularity
    }

    /// Smallest integer code.
    public var qmin: Int {
        guard isSigned else { return 0 }
        let half = 1 << (bits - 1)
        return (narrowRange && isSymmetric) ? -(half - 1) : -half
    }

    /// Largest integer code.
    public var qmax: Int {
        isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1
    }

    /// Weights: signed symmetric narrow range, per output channel (axis 0) by
    /// default — the setting of TensorRT, TF-Lite and PyTorch's
    /// `per_channel_symmetric` weight observers.
    public static func weights(bits: Int, perChannel: Bool = true, axis: Int = 0) -> QuantSpec {
        QuantSpec(bits: bits, signed: true, symmetric: true,
                  granularity: perChannel ? .perChannel(axis: axis) : .perTensor)
    }

    /// Activations, per tensor. Unsigned with zero point 0 when the observed
    /// minimum is ≥ 0 (post-ReLU: all 2^b codes on [0, max]); otherwise
    /// signed affine by default, because signed activations in the networks
    /// dqss targets are far from symmetric (the normalised input image spans
    /// about [−0.8, 2.0]) and a symmetric grid would waste close to one bit;
    /// affine activations are PyTorch's and ONNX Runtime's default.
    public static func activations(bits: Int, observedMinimum: Float, signedAffine: Bool = true) -> QuantSpec {
        if observedMinimum >= 0 {
            return QuantSpec(bits: bits, signed: false, symmetric: true)
        }
        return QuantSpec(bits: bits, signed: true, symmetric: !signedAffine)
    }
}
