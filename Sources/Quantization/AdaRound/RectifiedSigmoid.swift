import Foundation

/// h(V) = clip(σ(V)·(ζ − γ) + γ, 0, 1), the relaxation of a rounding
/// decision (Louizos et al.'s stretched sigmoid, as AdaRound uses it): unlike
/// σ itself it reaches 0 and 1 exactly at finite V, so the regulariser can
/// drive every decision to a hard 0 or 1 and its gradient then vanishes.
public enum RectifiedSigmoid {
    public static let zeta: Float = 1.1
    public static let gamma: Float = -0.1

    @inline(__always)
    static func sigmoid(_ v: Float) -> Float { 1 / (1 + expf(-v)) }

    @inline(__always)
    public static func value(_ v: Float) -> Float {
        Swift.min(Swift.max(sigmoid(v) * (zeta - gamma) + gamma, 0), 1)
    }

    /// dh/dV: zero where the clip is active.
    @inline(__always)
    public static func derivative(_ v: Float) -> Float {
        let s = sigmoid(v)
        let h = s * (zeta - gamma) + gamma
        return h > 0 && h < 1 ? s * (1 - s) * (zeta - gamma) : 0
    }

    /// The V with h(V) = h, for h in [0, 1): where the optimisation starts,
    /// so that the relaxed weight equals the float weight.
    public static func inverse(_ h: Float) -> Float {
        let p = (h - gamma) / (zeta - gamma)
        return logf(p / (1 - p))
    }
}
