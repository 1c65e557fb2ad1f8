/// How one layer's learned rounding ended.
public enum AdaRoundOutcome: Sendable, Equatable, Codable {
    /// The learned rounding (it reconstructs the layer at least as well as nearest rounding).
    case learned
    /// Fewer calibration samples than the layer's fan-in: rounding to nearest kept.
    case tooFewSamples(samples: Int, fanIn: Int)
    /// Learned, but not better than nearest on the reconstruction error: nearest kept.
    case nearestWasBetter
    /// Non-finite or rising loss: the candidate is not usable.
    case diverged(reason: String)

    /// A sentence for the log, naming the layer; nil when there is nothing to say.
    public func message(layer: String, candidate: String) -> String? {
        switch self {
        case .learned: return nil
        case .tooFewSamples(let n, let fanIn):
            return "\(candidate) \(layer): \(n) calibration samples for a fan-in of \(fanIn); rounding to nearest instead (pass --calibration ≥ \(fanIn))"
        case .nearestWasBetter:
            return "\(candidate) \(layer): learned rounding did not beat rounding to nearest; nearest kept"
        case .diverged(let reason):
            return "\(candidate) \(layer): reconstruction diverged (\(reason))"
        }
    }
}
