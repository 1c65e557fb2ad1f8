import Tensor
import CKernels

/// PACT (Choi et al. 2018): clip to a learned α, then quantize uniformly.
///
/// Unsigned (activations, the paper): y = clip(x, 0, α), y_q = round(y·n/α)·α/n,
/// n = 2^k − 1. Paper's gradients (eq. 3–4, STE through the rounding):
/// ∂y_q/∂x = 1 on [0, α], 0 outside; ∂y_q/∂α = 1 where x ≥ α, else 0 — the
/// dependence of the in-range grid on α is deliberately dropped, so the α
/// gradient matches finite differences only on the clipped part.
/// Signed (for signed inputs and weights, an extension): clip to [−α, α] on the
/// narrow signed grid, ∂y_q/∂α = sign(x) where |x| ≥ α.
public struct PACTQuantizer: LearnableQuantizer {
    public let bits: Int
    public let signed: Bool
    public var alpha: Float

    /// The paper initialises α = 10.
    public init(bits: Int, alpha: Float = 10, signed: Bool = false) {
        precondition(alpha > 0, "PACT α must be positive")
        self.bits = bits
        self.signed = signed
        self.alpha = alpha
    }

    public var parameters: [Float] {
        get { [alpha] }
        set {
            precondition(newValue.count == 1, "PACT has one parameter, got \(newValue.count)")
            alpha = Swift.max(newValue[0], QuantParams.minimumScale)
        }
    }

    public var spec: QuantSpec { QuantSpec(bits: bits, signed: signed, symmetric: true) }

    /// The clip α minimising the L2 error of quantizing `x` on PACT's grid
    /// (signed or unsigned): where `QATMethod` starts α.
    public static func mseClip(bits: Int, signed: Bool, of x: Tensor) -> Float {
        var calibrator = MSECalibrator()
        calibrator.observe(x)
        let clip = calibrator.params(QuantSpec(bits: bits, signed: signed, symmetric: true)).clipHigh[0]
        return Swift.max(clip, QuantParams.minimumScale)
    }

    /// The equivalent fixed fake-quant parameters.
    public var quantParams: QuantParams {
        QuantParams(spec: spec, low: signed ? -alpha : 0, high: alpha)
    }

    /// L2 penalty (λ/2)·α² on the clip, as the paper regularises α, and its
    /// gradient λ·α (add it to the α gradient).
    public func regularization(lambda: Float) -> (loss: Float, gradient: Float) {
        (0.5 * lambda * alpha * alpha, lambda * alpha)
    }

    public func forward(_ x: Tensor) -> Tensor {
        FakeQuant.forward(x, quantParams)
    }

    public var fakeQuantParams: QuantParams? { quantParams }

    public func backward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == x.count, "PACT backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        var dAlpha: Double = 0
        let dx = Tensor(shape: x.shape) { pd in
            dAlpha = run(gradOutput, x, dx: pd.baseAddress, accumulate: false, weight: 1, inner: nil)
        }
        return QuantizerGradients(input: dx, parameters: [Float(dAlpha)])
    }

    public func weightedBackward(_ gradOutput: Tensor, input x: Tensor, weight: Float,
                                 into dx: inout Tensor?) -> (parameters: [Float], inner: Double) {
        precondition(gradOutput.count == x.count && (dx?.count ?? x.count) == x.count,
                     "PACT backward: gradient \(gradOutput.shape), input \(x.shape), result \(dx?.shape ?? []) differ")
        var inner: Double = 0, dAlpha: Double = 0
        if dx != nil {
            dx!.withUnsafeMutableBufferPointer { pd in
                dAlpha = run(gradOutput, x, dx: pd.baseAddress, accumulate: true, weight: weight, inner: &inner)
            }
        } else {
            dAlpha = run(gradOutput, x, dx: nil, accumulate: true, weight: weight, inner: &inner)
        }
        return ([Float(dAlpha * Double(weight))], inner)
    }

    /// One pass of `ck_pact_backward`: the STE share into dx, ⟨g, Q(x)⟩, and
    /// returns Σ g·∂y_q/∂α.
    private func run(_ g: Tensor, _ x: Tensor, dx: UnsafeMutablePointer<Float>?, accumulate: Bool, weight: Float,
                     inner: UnsafeMutablePointer<Double>?) -> Double {
        let grid = quantParams.grid(0).kernel
        return x.withUnsafeBufferPointer { px in
            g.withUnsafeBufferPointer { pg in
                ck_pact_backward(pg.baseAddress, px.baseAddress, dx, accumulate ? 1 : 0, px.count, alpha,
                                 signed ? -alpha : 0, signed ? 1 : 0, grid, weight, inner)
            }
        }
    }
}
