/// Which strategy of a search an evaluation measured. Front ends choose rows,
/// titles and comparisons from this, never from display text.
public enum EvaluationKind: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    /// The float model, unquantized.
    case float
    /// Argmax of the learned probabilities (reported when it is not the final pick).
    case derivedArgmax
    /// What the guard against uniform pairs kept, reported when a later stage changed it.
    case guardPick
    /// The argmax moved, one bit-width step at a time, until it fits the budget (mixed precision).
    case budgetRepair
    /// The result of greedy per-layer refinement.
    case refinement
    /// The strategy the search returns.
    case final
    /// The uniform pair with the lowest calibration objective.
    case bestUniform
    /// The derived strategy measured on request during the search (`step` says when).
    case manual
    /// One uniform pair measured on its own (uniform baselines, results tables).
    case uniformPair
}
