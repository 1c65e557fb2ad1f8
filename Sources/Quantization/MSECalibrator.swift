/// Clip range minimising the L2 quantization error (as OMSE, Choukroun et al.
/// 2019, and NNCF/MQBench's MSE observers): candidates k/steps · range for
/// k = 1…steps (symmetric: [−k·max|x|, k·max|x|], unsigned: [0, k·max],
/// affine: [k·min, k·max]), error measured on the histogram with the actual
/// grid, per tensor or per channel. Ties keep the wider range.
public struct MSECalibrator: Calibrator {
    public var statistics: CalibrationStatistics
    public var steps: Int

    public init(granularity: QuantGranularity = .perTensor, steps: Int = 100) {
        precondition(steps >= 1, "MSE calibration needs at least one step")
        statistics = CalibrationStatistics(granularity: granularity)
        self.steps = steps
    }

    public func params(_ spec: QuantSpec) -> QuantParams {
        statistics.params(spec) { Self.clip($0, spec, steps: steps) }
    }

    static func clip(_ h: ValueHistogram, _ spec: QuantSpec, steps: Int) -> (low: Float, high: Float) {
        let full = MinMaxCalibrator.clip(h, spec)
        let error = QuantizationError(h, spec: spec)
        var best = full
        var bestError = Double.infinity
        for k in stride(from: steps, through: 1, by: -1) {
            let f = Float(k) / Float(steps)
            let candidate = (low: full.low * f, high: full.high * f)
            let e = error(low: candidate.low, high: candidate.high)
            if e < bestError {
                bestError = e
                best = candidate
            }
        }
        return best
    }

    /// The MSE-optimal clip magnitude t over k/steps · max|x| candidates
    /// (symmetric reading of the spec), and its error. Used as a guard by KL.
    static func optimalMagnitude(_ h: ValueHistogram, _ spec: QuantSpec, steps: Int,
                                 error: QuantizationError) -> (magnitude: Float, error: Double) {
        let m = h.maxAbs
        var best = (magnitude: m, error: Double.infinity)
        for k in stride(from: steps, through: 1, by: -1) {
            let t = m * Float(k) / Float(steps)
            let e = error(magnitude: t, h)
            if e < best.error { best = (t, e) }
        }
        return best
    }
}
