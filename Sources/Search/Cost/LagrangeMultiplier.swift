/// The multiplier λ of the budget constraint E[cost] ≤ target, adapted by
/// dual ascent: λ ← max(0, λ + η · (E[cost]/target − 1)) after every step.
/// The search minimises loss + λ · (E[cost]/target − 1), the penalty scaled
/// to the task gradient's norm (so λ = 1 weighs the budget like the task): λ
/// grows while the soft cost is over the budget and shrinks back to 0 once it
/// is under. With η = 0.1 and a soft cost 50% over, λ reaches 1 in about 20 steps.
public struct LagrangeMultiplier: Sendable, Codable, Equatable {
    public var value: Double
    /// η: the multiplier's change per step and unit of relative violation.
    public var stepSize: Double

    /// η when the configuration names none; see `SearchConfiguration.budgetStepSize`.
    public static let defaultStepSize = 0.1

    public init(value: Double = 0, stepSize: Double = LagrangeMultiplier.defaultStepSize) {
        self.value = value
        self.stepSize = stepSize
    }

    public mutating func update(expected: Double, target: Double) {
        value = max(0, value + stepSize * (expected / target - 1))
    }
}
