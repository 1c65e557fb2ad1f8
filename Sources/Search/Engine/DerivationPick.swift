import SearchEvents

/// A strategy a derivation stage proposes, where it came from and its calibration objective.
struct DerivationPick: Sendable {
    var source: EvaluationKind
    /// Set when the strategy is a uniform pair.
    var uniform: UniformPair?
    var strategy: Strategy
    var objective: Double
}
