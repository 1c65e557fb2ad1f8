import Foundation

/// A mixed-precision setting the search cannot run with.
public enum MixedPrecisionError: LocalizedError, Equatable {
    /// Learned rounding keys its weights by method, not by (method, bit-width) slot.
    case learnedRoundingWithSeveralBitWidths
    /// The budget lies outside what the candidates can cost (`range`, in the budget's metric).
    case budgetOutOfRange(budget: String, metric: CostMetric, range: ClosedRange<Double>)

    public var errorDescription: String? {
        switch self {
        case .learnedRoundingWithSeveralBitWidths:
            return "adaround(…) weight candidates take one weight bit-width: drop them or pass one weight bit-width in --bits"
        case .budgetOutOfRange(let budget, let metric, let range):
            return "--budget \(budget) is outside what these candidates reach, \(metric.format(range.lowerBound)) … \(metric.format(range.upperBound)); choose a budget in that range (or other --bits)"
        }
    }
}
