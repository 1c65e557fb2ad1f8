public struct SearchSummary: Sendable, Codable, Equatable {
    /// Derived choice per layer: indices into the candidate lists.
    public var weightChoices: [Int]
    public var activationChoices: [Int]
    public var evaluations: [EvaluationReport]
    public var snapshotPath: String?

    public init(weightChoices: [Int], activationChoices: [Int], evaluations: [EvaluationReport], snapshotPath: String?) {
        self.weightChoices = weightChoices
        self.activationChoices = activationChoices
        self.evaluations = evaluations
        self.snapshotPath = snapshotPath
    }
}
