/// Settings of the PTQ calibrators that `PTQMethod` builds.
public struct CalibrationOptions: Sendable, Hashable, Codable {
    /// Percentile of |x| (or of each tail for affine grids), in percent.
    public var percentile: Double = 99.99
    /// Number of shrink factors k/steps the MSE search tries.
    public var mseSteps: Int = 100
    public var aciqPrior: ACIQPrior = .laplace
    public var klExcludeZeros: Bool = true
    public var klErrorGuard: Double? = 2
    public var klMinimumChannelCount: Double = 2048

    public init() {}
}
