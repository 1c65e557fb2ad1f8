import Foundation

/// f_reg = Σ 1 − |2h(V) − 1|^β: zero only when every h is 0 or 1. A high β
/// early leaves the decisions free (the term is flat except near 0 and 1);
/// annealing β down then pulls each h to its nearer end.
public struct RoundingRegularizer: Sendable {
    public var beta: Float

    public init(beta: Float) {
        self.beta = beta
    }

    @inline(__always)
    public func value(_ h: Float) -> Float {
        1 - powf(abs(2 * h - 1), beta)
    }

    /// d f_reg / dh.
    @inline(__always)
    public func derivative(_ h: Float) -> Float {
        let u = 2 * h - 1
        guard u != 0 else { return 0 }
        let magnitude = beta * powf(abs(u), beta - 1) * 2
        return u > 0 ? -magnitude : magnitude
    }
}
