/// Analytical clipping (ACIQ, Banner et al. 2019): fit a Laplace or Gaussian
/// prior, clip at α = multiplier(bits) · scale.
///
/// * Signed: Laplace b = mean|x − mean|, Gaussian σ = standard deviation; the
///   model's 2^bits bins over [μ − α, μ + α] match a signed b-bit grid.
///   Symmetric clip: |μ| + α; affine: [μ − α, μ + α] ∩ [min, max].
/// * Unsigned (post-ReLU): the positive half of a zero-centred prior. Exact
///   zeros are left out of the fit (they are the ReLU's clipped negatives, not
///   samples of the prior); b = mean of the positive values (exponential MLE),
///   σ = root mean square of them. A b-bit unsigned grid on [0, α] has the step
///   of a (b+1)-bit signed grid on [−α, α], so the (b+1)-bit multiplier is used
///   — the convention of the ACIQ reference implementation.
/// The clip never exceeds the observed range. Mean |x − mean| and the positive
/// moments are read from the histogram (error ≤ half a bin).
public struct ACIQCalibrator: Calibrator {
    public var statistics: CalibrationStatistics
    public var prior: ACIQPrior

    public init(granularity: QuantGranularity = .perTensor, prior: ACIQPrior = .laplace) {
        statistics = CalibrationStatistics(granularity: granularity)
        self.prior = prior
    }

    public func params(_ spec: QuantSpec) -> QuantParams {
        statistics.params(spec) { Self.clip($0, spec, prior: prior) }
    }

    static func clip(_ h: ValueHistogram, _ spec: QuantSpec, prior: ACIQPrior) -> (low: Float, high: Float) {
        let bins = h.occupiedBins()
        if !spec.isSigned {
            var n: Double = 0, s: Double = 0, s2: Double = 0
            for (v, c) in bins where v > 0 {
                n += c
                s += c * Double(v)
                s2 += c * Double(v) * Double(v)
            }
            guard n > 0 else { return (0, Swift.max(h.maximum, 0)) }
            let scale = prior == .laplace ? s / n : (s2 / n).squareRoot()
            let alpha = Float(prior.clipMultiplier(bits: spec.bits + 1) * scale)
            return (0, Swift.min(alpha, Swift.max(h.maximum, 0)))
        }
        let mu = h.mean
        let scale: Double
        switch prior {
        case .laplace:
            var deviation = h.zeroCount * abs(mu)
            for (v, c) in bins { deviation += c * abs(Double(v) - mu) }
            scale = deviation / h.count
        case .gaussian:
            scale = h.variance.squareRoot()
        }
        let alpha = prior.clipMultiplier(bits: spec.bits) * scale
        if spec.isSymmetric {
            let t = Swift.min(Float(abs(mu) + alpha), h.maxAbs)
            return (-t, t)
        }
        return (Swift.max(Float(mu - alpha), Swift.min(h.minimum, 0)),
                Swift.min(Float(mu + alpha), Swift.max(h.maximum, 0)))
    }
}
