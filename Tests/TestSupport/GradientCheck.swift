import Tensor

/// Central finite-difference checks of analytic gradients.
///
/// The scalar objective is L = Σ y ⊙ r for a fixed random projection r, so a
/// missing or wrong term in any output position shows up. Evaluated with a
/// Double accumulator; a step of 1e-2 on O(1) inputs keeps Float32 round-off
/// far below the tolerances used. Piecewise-linear ops must be probed away
/// from their kinks (callers choose inputs accordingly).
public enum GradientCheck {
    public struct Mismatch: CustomStringConvertible, Sendable {
        public let index: Int
        public let analytic: Double
        public let numeric: Double
        public var description: String { "index \(index): analytic \(analytic) vs numeric \(numeric)" }
    }

    /// Largest error between `analytic` and the finite-difference gradient of
    /// `r · f(x)` with respect to `x`, relative to the gradient's largest entry,
    /// over all (or `maxProbes` evenly spread) entries.
    public static func maxRelativeError(
        of f: (Tensor) -> Tensor,
        at x: Tensor,
        projection r: Tensor,
        analytic: Tensor,
        step: Float = 1e-2,
        maxProbes: Int = 200
    ) -> (error: Double, worst: Mismatch?) {
        precondition(analytic.shape == x.shape, "analytic gradient shape \(analytic.shape) ≠ input \(x.shape)")
        let stride = max(1, x.count / maxProbes)
        var worst: Mismatch?
        var worstError = 0.0
        let scale = max(1e-3, Double(analytic.maxAbs))
        var i = 0
        while i < x.count {
            var plus = x, minus = x
            plus[flat: i] += step
            minus[flat: i] -= step
            let numeric = (f(plus).dot(r) - f(minus).dot(r)) / Double(2 * step)
            let a = Double(analytic[flat: i])
            let err = abs(numeric - a) / scale
            if err > worstError {
                worstError = err
                worst = Mismatch(index: i, analytic: a, numeric: numeric)
            }
            i += stride
        }
        return (worstError, worst)
    }
}

/// Largest absolute element-wise difference of two same-shaped tensors.
public func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "shapes differ: \(a.shape) vs \(b.shape)")
    var m: Float = 0
    for i in 0..<a.count { m = max(m, abs(a[flat: i] - b[flat: i])) }
    return m
}
