import Foundation

/// Learning rate as a function of the optimisation step.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
    case constant(Float)
    /// lr · gamma^(step / stepSize)
    case step(base: Float, stepSize: Int, gamma: Float)
    /// Cosine decay from `base` to `minimum` over `totalSteps`.
    case cosine(base: Float, totalSteps: Int, minimum: Float)
    /// Linear warm-up from 0 over `warmupSteps`, then the wrapped schedule (counted from 0).
    indirect case warmup(steps: Int, then: LearningRateSchedule)

    public func rate(at step: Int) -> Float {
        switch self {
        case .constant(let lr):
            return lr
        case .step(let base, let size, let gamma):
            return base * powf(gamma, Float(step / max(1, size)))
        case .cosine(let base, let total, let minimum):
            let t = min(1, Float(step) / Float(max(1, total)))
            return minimum + (base - minimum) * 0.5 * (1 + cosf(Float.pi * t))
        case .warmup(let steps, let inner):
            if step < steps { return inner.rate(at: 0) * Float(step + 1) / Float(steps) }
            return inner.rate(at: step - steps)
        }
    }
}
