import Tensor

/// The quantization-aware-training quantizers a layer can choose from, by the
/// names the command line uses.
public enum QATMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case lsq
    case pact
    case dorefa

    public var description: String { rawValue }

    /// A weight quantizer initialised from the current weights. PACT, defined
    /// for activations, is applied symmetrically, α starting at the clip that
    /// minimises the weights' L2 quantization error (see
    /// `makeActivationQuantizer` for why not at the maximum).
    public func makeWeightQuantizer(bits: Int, weights w: Tensor, perChannel: Bool = false) -> any LearnableQuantizer {
        switch self {
        case .lsq:
            return LSQQuantizer.weights(bits: bits, perChannel: perChannel, initializingFrom: w)
        case .pact:
            return PACTQuantizer(bits: bits, alpha: PACTQuantizer.mseClip(bits: bits, signed: true, of: w), signed: true)
        case .dorefa:
            return DoReFaWeightQuantizer(bits: bits)
        }
    }

    /// An activation quantizer initialised from a sample batch. LSQ uses the
    /// paper's initialisation. PACT starts α at the sample's MSE-optimal clip,
    /// not the paper's 10 nor the sample maximum: PACT's α gradient comes only
    /// from inputs beyond α, so from the maximum it never moves down, and at
    /// 2 bits (levels 0, α/3, 2α/3, α) most inputs then round to zero —
    /// ResNet-20 trained to chance at W2A2 that way. Both go signed when the
    /// sample has negative values. DoReFa's range is fixed at [0, 1].
    public func makeActivationQuantizer(bits: Int, sample: Tensor) -> any LearnableQuantizer {
        let signed = sample.scalars.contains { $0 < 0 }
        switch self {
        case .lsq:
            return LSQQuantizer.activations(bits: bits, initializingFrom: sample)
        case .pact:
            return PACTQuantizer(bits: bits, alpha: PACTQuantizer.mseClip(bits: bits, signed: signed, of: sample),
                                 signed: signed)
        case .dorefa:
            return DoReFaActivationQuantizer(bits: bits)
        }
    }
}
