import Foundation

/// The distribution ACIQ fits to a tensor (Banner, Nahshan, Soudry, "Post
/// training 4-bit quantization of convolutional networks for rapid-deployment",
/// NeurIPS 2019).
public enum ACIQPrior: String, Sendable, Hashable, Codable, CaseIterable {
    case laplace
    case gaussian

    /// Optimal clip α in units of the fitted scale (Laplace b, Gaussian σ) for a
    /// range [−α, α] split into 2^bits bins. The paper's closed-form values for
    /// 2, 3, 4 and 8 bits; other bit-widths solve the same error model
    /// numerically (`solveClip`).
    public func clipMultiplier(bits: Int) -> Double {
        switch (self, bits) {
        case (.laplace, 2): return 2.83
        case (.laplace, 3): return 3.89
        case (.laplace, 4): return 5.03
        case (.laplace, 8): return 9.89
        case (.gaussian, 2): return 1.71
        case (.gaussian, 3): return 2.15
        case (.gaussian, 4): return 2.55
        case (.gaussian, 8): return 3.92
        default: return solveClip(bits: bits)
        }
    }

    /// Minimises E(α) = clipping error + rounding error for a unit-scale prior:
    /// 2·∫_α^∞ (x − α)² f(x) dx + α² / (3 · 4^bits), the second term being Δ²/12
    /// with Δ = 2α / 2^bits. Laplace: clipping error 2e^{−α}; Gaussian:
    /// 2[(1 + α²)Q(α) − αφ(α)]. E is unimodal in α; golden-section search.
    public func solveClip(bits: Int) -> Double {
        let rounding = 1 / (3 * pow(4, Double(bits)))
        func error(_ a: Double) -> Double {
            let clipping: Double
            switch self {
            case .laplace:
                clipping = 2 * exp(-a)
            case .gaussian:
                let q = 0.5 * erfc(a / 2.0.squareRoot())
                let phi = exp(-0.5 * a * a) / (2 * Double.pi).squareRoot()
                clipping = 2 * ((1 + a * a) * q - a * phi)
            }
            return clipping + a * a * rounding
        }
        var lo = 0.01, hi = 40.0
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = hi - ratio * (hi - lo), d = lo + ratio * (hi - lo)
        for _ in 0..<200 {
            if error(c) < error(d) { hi = d } else { lo = c }
            c = hi - ratio * (hi - lo)
            d = lo + ratio * (hi - lo)
        }
        return (lo + hi) / 2
    }
}
