/// The post-training calibration methods a layer can choose from, by the
/// names the command line uses.
public enum PTQMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case minmax
    case percentile
    case mse
    case aciq
    case kl

    public var description: String { rawValue }

    public func makeCalibrator(granularity: QuantGranularity = .perTensor,
                               options: CalibrationOptions = CalibrationOptions()) -> any Calibrator {
        var calibrator: any Calibrator
        switch self {
        case .minmax:
            calibrator = MinMaxCalibrator(granularity: granularity)
        case .percentile:
            calibrator = PercentileCalibrator(granularity: granularity, percentile: options.percentile)
        case .mse:
            calibrator = MSECalibrator(granularity: granularity, steps: options.mseSteps)
        case .aciq:
            calibrator = ACIQCalibrator(granularity: granularity, prior: options.aciqPrior)
        case .kl:
            calibrator = KLCalibrator(granularity: granularity, excludeZeros: options.klExcludeZeros,
                                      errorGuard: options.klErrorGuard,
                                      minimumChannelCount: options.klMinimumChannelCount)
        }
        return calibrator
    }

    /// Parameters from statistics already gathered — observe once, derive
    /// every method's parameters.
    public func params(from statistics: CalibrationStatistics, spec: QuantSpec,
                       options: CalibrationOptions = CalibrationOptions()) -> QuantParams {
        var calibrator = makeCalibrator(granularity: statistics.granularity, options: options)
        calibrator.statistics = statistics
        return calibrator.params(spec)
    }
}
