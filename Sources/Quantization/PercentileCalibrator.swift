/// Clip at the p-th percentile: of |x| for symmetric grids (TensorRT's
/// percentile calibrator), of each tail separately for affine ones (the lower
/// bound at 100 − p). Read from the streaming histogram, so memory stays
/// bounded over any number of batches; resolution is one bin (≤ max/1024).
public struct PercentileCalibrator: Calibrator {
    public var statistics: CalibrationStatistics
    /// In percent, e.g. 99.9, 99.99 or 99.999.
    public var percentile: Double

    public init(granularity: QuantGranularity = .perTensor, percentile: Double = 99.99) {
        precondition(percentile > 50 && percentile <= 100, "percentile must be in (50, 100], got \(percentile)")
        statistics = CalibrationStatistics(granularity: granularity)
        self.percentile = percentile
    }

    public func params(_ spec: QuantSpec) -> QuantParams {
        statistics.params(spec) { Self.clip($0, spec, percentile: percentile) }
    }

    static func clip(_ h: ValueHistogram, _ spec: QuantSpec, percentile: Double) -> (low: Float, high: Float) {
        let f = percentile / 100
        if spec.isSigned && !spec.isSymmetric {
            return (Swift.min(h.quantile(1 - f), 0), Swift.max(h.quantile(f), 0))
        }
        return ClipRange.fromMagnitude(h.absoluteQuantile(f), h, spec)
    }
}
