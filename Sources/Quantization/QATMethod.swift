import Tensor

/// The quantization-aware-training quantizers a layer can choose from, by the
/// names the command line uses.
public enum QATMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case lsq
    case pact
    case dorefa

    public var description: String { rawValue }

    /// A weight quantizer initialised from the current weights. PACT, defined
    /// for activations, is applied symmetrically with α starting at max|w|
    /// (so it starts as MinMax and learns to clip).
    public func makeWeightQuantizer(bits: Int, weights w: Tensor, perChannel: Bool = false) -> any LearnableQuantizer {
        switch self {
        case .lsq:
            return LSQQuantizer.weights(bits: bits, perChannel: perChannel, initializingFrom: w)
        case .pact:
            return PACTQuantizer(bits: bits, alpha: Swift.max(w.maxAbs, QuantParams.minimumScale), signed: true)
        case .dorefa:
            return DoReFaWeightQuantizer(bits: bits)
        }
    }

    /// An activation quantizer initialised from a sample batch. LSQ uses the
    /// paper's initialisation; PACT starts at the sample's max|x| rather than
    /// the paper's 10, because the search fine-tunes for few steps and BN-scaled
    /// activations rarely reach 10; both go signed when the sample has negative
    /// values. DoReFa's range is fixed at [0, 1].
    public func makeActivationQuantizer(bits: Int, sample: Tensor) -> any LearnableQuantizer {
        let signed = sample.scalars.contains { $0 < 0 }
        switch self {
        case .lsq:
            return LSQQuantizer.activations(bits: bits, initializingFrom: sample)
        case .pact:
            return PACTQuantizer(bits: bits, alpha: Swift.max(sample.maxAbs, QuantParams.minimumScale), signed: signed)
        case .dorefa:
            return DoReFaActivationQuantizer(bits: bits)
        }
    }
}
