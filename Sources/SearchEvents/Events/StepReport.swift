public struct StepReport: Sendable, Codable, Equatable {
    public var step: Int
    public var totalSteps: Int
    public var phase: SearchPhase
    public var loss: Float
    /// Named loss terms (e.g. "task", "distill", "pact-l2") for QAT.
    public var lossTerms: [String: Float]
    public var temperature: Float
    /// One entry per layer, in `SearchDescription.layers` order.
    public var probabilities: [LayerProbabilities]
    public var stepsPerSecond: Double
    public var elapsedSeconds: Double
    /// Expected cost, budget and multiplier of a budgeted search; nil without a budget.
    public var budget: BudgetReport?

    public init(step: Int, totalSteps: Int, phase: SearchPhase, loss: Float, lossTerms: [String: Float],
                temperature: Float, probabilities: [LayerProbabilities], stepsPerSecond: Double,
                elapsedSeconds: Double, budget: BudgetReport? = nil) {
        self.step = step
        self.totalSteps = totalSteps
        self.phase = phase
        self.loss = loss
        self.lossTerms = lossTerms
        self.temperature = temperature
        self.probabilities = probabilities
        self.stepsPerSecond = stepsPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.budget = budget
    }
}
