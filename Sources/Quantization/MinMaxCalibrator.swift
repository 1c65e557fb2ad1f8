/// Clip range = observed range (PyTorch `MinMaxObserver`): nothing is
/// clipped, outliers included.
public struct MinMaxCalibrator: Calibrator {
    public var statistics: CalibrationStatistics

    public init(granularity: QuantGranularity = .perTensor) {
        statistics = CalibrationStatistics(granularity: granularity)
    }

    public func params(_ spec: QuantSpec) -> QuantParams {
        statistics.params(spec) { Self.clip($0, spec) }
    }

    static func clip(_ h: ValueHistogram, _ spec: QuantSpec) -> (low: Float, high: Float) {
        if spec.isSigned && spec.isSymmetric { return (-h.maxAbs, h.maxAbs) }
        return (Swift.min(h.minimum, 0), Swift.max(h.maximum, 0))
    }
}
