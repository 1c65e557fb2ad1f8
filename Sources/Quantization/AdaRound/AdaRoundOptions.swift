/// The hyper-parameters of learned rounding (AdaRound, Nagel et al., ICML 2020).
///
/// The paper's values (λ 0.01, β 20 → 2 after a 20% warm-up, batch 32,
/// Adam), except the step count: it runs 10,000 steps at Adam's 1e-3 per layer
/// of an ImageNet network. dqss's models are small (ResNet-20 on 28×28
/// inputs: at most 36,864 weights per layer) and a search learns five ranges'
/// roundings per layer, so the default is 2,000 steps at 5e-3: the rounding
/// variables can move as far as in the paper's schedule (Adam's steps are
/// about lr each), which the decisions need to reach 0 or 1 — at 2,000 × 1e-3
/// some stay fractional. `--adaround-iterations 10000 --adaround-lr 0.001`
/// is the paper's setting.
public struct AdaRoundOptions: Sendable, Hashable, Codable {
    /// Adam steps per layer.
    public var iterations: Int
    /// Calibration samples per step.
    public var batchSize: Int
    /// Adam's learning rate on V.
    public var learningRate: Float
    /// λ, the weight of the rounding regulariser.
    public var regularization: Float
    /// β of the regulariser, annealed linearly from start to end after the warm-up.
    public var betaStart: Float
    public var betaEnd: Float
    /// Fraction of the iterations run without the regulariser.
    public var warmup: Float
    /// Seeds the order in which calibration batches are drawn.
    public var seed: UInt64

    public init(iterations: Int = 2000, batchSize: Int = 32, learningRate: Float = 5e-3, regularization: Float = 0.01,
                betaStart: Float = 20, betaEnd: Float = 2, warmup: Float = 0.2, seed: UInt64 = 0) {
        self.iterations = iterations
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.regularization = regularization
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        self.warmup = warmup
        self.seed = seed
    }

    /// A sentence naming the first unusable value, or nil.
    public var problem: String? {
        if iterations < 1 { return "iterations must be ≥ 1, got \(iterations)" }
        if batchSize < 1 { return "batch size must be ≥ 1, got \(batchSize)" }
        if !(learningRate.isFinite && learningRate > 0) { return "learning rate must be positive, got \(learningRate)" }
        if !(regularization.isFinite && regularization >= 0) { return "λ must be finite and ≥ 0, got \(regularization)" }
        if !(betaStart.isFinite && betaEnd.isFinite && betaEnd >= 1 && betaStart >= betaEnd) {
            return "β must anneal from start ≥ end ≥ 1, got \(betaStart) → \(betaEnd)"
        }
        if !(0...1).contains(warmup) { return "warm-up must be a fraction in 0…1, got \(warmup)" }
        return nil
    }

    /// Iterations before the regulariser starts.
    public var warmupIterations: Int { Int((Float(iterations) * warmup).rounded(.down)) }

    /// β at iteration t (0-based), or nil during the warm-up (no regulariser):
    /// linear from `betaStart` right after the warm-up to `betaEnd` at the last step.
    public func beta(at t: Int) -> Float? {
        let start = warmupIterations
        guard t >= start else { return nil }
        let span = Swift.max(1, iterations - 1 - start)
        let progress = Float(Swift.min(t - start, span)) / Float(span)
        return betaEnd + (betaStart - betaEnd) * (1 - progress)
    }
}
