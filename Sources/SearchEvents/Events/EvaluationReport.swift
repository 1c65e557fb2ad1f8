/// One strategy measured on the test split (and, where the search scored it,
/// on its calibration objective).
public struct EvaluationReport: Sendable, Codable, Equatable {
    public var kind: EvaluationKind
    /// The strategy measured; nil for the float model.
    public var strategy: Strategy?
    /// For `.final` and `.guardPick`: the stage whose strategy was kept
    /// (`.derivedArgmax`, `.bestUniform` or `.refinement`).
    public var source: EvaluationKind?
    /// Set when the strategy is a uniform pair (best uniform, uniform pair, or a pick that kept one).
    public var uniform: UniformPair?
    /// The step of a `.manual` evaluation.
    public var step: Int?
    /// Quantization-aware search: before or after fine-tuning the derived strategy.
    public var fineTuning: FineTuningStage?
    public var metricName: String
    public var value: Double
    /// The search's own objective (e.g. KL to the FP model) on the calibration set; lower is better.
    public var calibrationObjective: Double?

    public init(kind: EvaluationKind, strategy: Strategy? = nil, source: EvaluationKind? = nil,
                uniform: UniformPair? = nil, step: Int? = nil, fineTuning: FineTuningStage? = nil,
                metricName: String, value: Double, calibrationObjective: Double? = nil) {
        self.kind = kind
        self.strategy = strategy
        self.source = source
        self.uniform = uniform
        self.step = step
        self.fineTuning = fineTuning
        self.metricName = metricName
        self.value = value
        self.calibrationObjective = calibrationObjective
    }

    /// Two reports measure the same thing when kind, step and fine-tuning
    /// stage agree (a later one replaces an earlier one).
    public var identity: EvaluationIdentity {
        EvaluationIdentity(kind: kind, step: step, fineTuning: fineTuning,
                           uniform: kind == .uniformPair ? uniform : nil)
    }
}
