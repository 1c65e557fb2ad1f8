import SearchEvents

/// A budget resolved against a network's quantized layers, and the
/// multiplier of its Lagrangian penalty λ · (E[cost]/target − 1).
public struct BudgetConstraint: Sendable {
    public let budget: Budget
    public let model: CostModel
    /// The budget in the metric's units.
    public let target: Double
    public var multiplier: LagrangeMultiplier

    /// Refuses a budget no strategy of these candidates can meet or that every one meets.
    public init(budget: Budget, model: CostModel, stepSize: Double = LagrangeMultiplier.defaultStepSize) throws(MixedPrecisionError) {
        self.budget = budget
        self.model = model
        target = budget.target(in: model)
        multiplier = LagrangeMultiplier(stepSize: stepSize)
        let range = model.range()
        // A relative tolerance: "size=4bpw" must admit the all-4-bit strategy despite rounding.
        let slack = 1e-9 * range.upperBound
        guard target >= range.lowerBound - slack, target <= range.upperBound + slack, target > 0 else {
            throw .budgetOutOfRange(budget: budget.description, metric: model.metric, range: range)
        }
    }

    /// Whether a hard cost fits (with the same tolerance).
    public func fits(_ cost: Double) -> Bool { cost <= target * (1 + 1e-9) }

    /// The penalty's gradient with respect to the logits: λ/target · ∂E[cost]/∂logits.
    public func penaltyGradient(_ p: [LayerProbabilities], temperature: Float) -> [LayerProbabilities] {
        let scale = Float(multiplier.value / target)
        return model.gradient(p, temperature: temperature).map {
            LayerProbabilities(weight: $0.weight.map { $0 * scale }, activation: $0.activation.map { $0 * scale })
        }
    }
}
