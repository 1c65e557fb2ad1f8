/// Where a budgeted search stands at a step: its expected cost under the
/// current probabilities, the budget, both in `metric`, and the multiplier λ
/// of the budget's penalty.
public struct BudgetReport: Sendable, Codable, Equatable {
    public var metric: CostMetric
    public var expected: Double
    public var target: Double
    public var multiplier: Double

    public init(metric: CostMetric, expected: Double, target: Double, multiplier: Double) {
        self.metric = metric
        self.expected = expected
        self.target = target
        self.multiplier = multiplier
    }

    /// "3.104 bpw / 3.000 bpw".
    public var summary: String { "\(metric.format(expected)) / \(metric.format(target))" }
}
