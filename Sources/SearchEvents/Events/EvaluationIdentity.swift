/// What makes two evaluation reports measure the same thing.
public struct EvaluationIdentity: Sendable, Hashable {
    public var kind: EvaluationKind
    public var step: Int?
    public var fineTuning: FineTuningStage?
    public var uniform: UniformPair?
}
