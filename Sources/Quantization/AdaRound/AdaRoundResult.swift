import Tensor

/// One layer's learned rounding: the frozen weight on the candidate's grid and
/// how well it reconstructs the layer's output.
public struct AdaRoundResult: Sendable, Equatable {
    /// On the grid of the parameters it was learned for; nearest rounding unless `outcome` is `.learned`.
    public var weight: Tensor
    public var outcome: AdaRoundOutcome
    /// Mean squared output error per output position (summed over channels) on the calibration set.
    public var nearestError: Double
    public var learnedError: Double
    /// Weights whose rounding differs from nearest.
    public var flipped: Int

    public init(weight: Tensor, outcome: AdaRoundOutcome, nearestError: Double, learnedError: Double, flipped: Int) {
        self.weight = weight
        self.outcome = outcome
        self.nearestError = nearestError
        self.learnedError = learnedError
        self.flipped = flipped
    }
}
