import Foundation
import Tensor

/// DoReFa-Net weight quantization (Zhou et al. 2016), k ≥ 2 bits:
/// w' = tanh(w) / (2·max|tanh(w)|) + 0.5 ∈ [0, 1], q = round(w'·n)/n with
/// n = 2^k − 1, output 2q − 1 ∈ [−1, 1] (2^k levels, no zero level). In the
/// paper the following BatchNorm absorbs that scale. dqss quantizes networks
/// with BN folded into the convolutions, where nothing would: so by default
/// the output is M·(2q − 1) with M = max|tanh(w)|, which keeps the layer's
/// scale (tanh(w) ≈ w for small weights). Without it ResNet-20 fell to 22% at
/// W4A4, and a QAT search at W2A2 chose DoReFa for most layers' weights on the
/// soft mixture — whose scale the other candidates set — then collapsed.
///
/// Backward: straight-through on round. Unit scale: exact through tanh and the
/// max (the gradient autograd gives the reference implementation),
/// ∂L/∂w_j = (1 − t_j²)·(g_j / M − [j = argmax]·sign(t_j)·Σ_i g_i t_i / M²),
/// t = tanh(w), M = max|t|. Restored scale: the surrogate is M·(t/M) = t, so
/// ∂L/∂w_j = (1 − t_j²)·g_j. No learnable parameters.
public struct DoReFaWeightQuantizer: LearnableQuantizer {
    public let bits: Int
    /// Multiply the [−1, 1] output by max|tanh(w)| (for networks without BN after the layer).
    public let restoresScale: Bool

    public init(bits: Int, restoresScale: Bool = true) {
        precondition((2...8).contains(bits), "DoReFa needs 2…8 bits, got \(bits)")
        self.bits = bits
        self.restoresScale = restoresScale
    }

    public var parameters: [Float] {
        get { [] }
        set { precondition(newValue.isEmpty, "DoReFa weights have no learnable parameters") }
    }

    var levels: Float { Float((1 << bits) - 1) }

    /// tanh of every weight, max|tanh| (floored so all-zero weights stay finite) and its index.
    func normalised(_ w: Tensor) -> (t: [Float], m: Float, argmax: Int) {
        var t = [Float](repeating: 0, count: w.count)
        var m: Float = 0, arg = 0
        w.withUnsafeBufferPointer { p in
            for i in 0..<p.count {
                let v = tanhf(p[i])
                t[i] = v
                if abs(v) > m {
                    m = abs(v)
                    arg = i
                }
            }
        }
        return (t, Swift.max(m, QuantParams.minimumScale), arg)
    }

    public func forward(_ w: Tensor) -> Tensor {
        quantized(normalised(w), shape: w.shape)
    }

    /// The forward from tanh(w) and its maximum.
    func quantized(_ normal: (t: [Float], m: Float, argmax: Int), shape: [Int]) -> Tensor {
        let (t, m, _) = normal
        let n = levels, inv = 1 / n, half = 0.5 / m, scale: Float = restoresScale ? m : 1
        return Tensor(shape: shape) { po in
            for i in 0..<t.count {
                let u = t[i] * half + 0.5
                po[i] = scale * (2 * (QuantGrid.roundHalfEven(u * n) * inv) - 1)
            }
        }
    }

    public func backward(_ gradOutput: Tensor, input w: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == w.count, "DoReFa backward: gradient \(gradOutput.shape) vs input \(w.shape)")
        return QuantizerGradients(input: gradient(gradOutput, normalised(w), shape: w.shape), parameters: [])
    }

    /// One tanh pass serves the input gradient and ⟨g, Q(w)⟩ (the general
    /// form would take three).
    public func weightedBackward(_ gradOutput: Tensor, input w: Tensor, weight: Float,
                                 into dx: inout Tensor?) -> (parameters: [Float], inner: Double) {
        precondition(gradOutput.count == w.count, "DoReFa backward: gradient \(gradOutput.shape) vs input \(w.shape)")
        let normal = normalised(w)
        if dx != nil { dx!.addScaled(gradient(gradOutput * weight, normal, shape: w.shape)) }
        return ([], gradOutput.dot(quantized(normal, shape: w.shape)))
    }

    /// The straight-through gradient from tanh(w), its maximum and where it is.
    func gradient(_ gradOutput: Tensor, _ normal: (t: [Float], m: Float, argmax: Int), shape: [Int]) -> Tensor {
        let (t, m, arg) = normal
        if restoresScale {
            return gradOutput.withUnsafeBufferPointer { pg in
                Tensor(shape: shape) { pd in
                    for i in 0..<t.count { pd[i] = pg[i] * (1 - t[i] * t[i]) }
                }
            }
        }
        var dw = Tensor(zeros: shape)
        var gt: Double = 0
        gradOutput.withUnsafeBufferPointer { pg in
            dw.withUnsafeMutableBufferPointer { pd in
                let invM = 1 / m
                for i in 0..<t.count {
                    gt += Double(pg[i]) * Double(t[i])
                    pd[i] = pg[i] * invM * (1 - t[i] * t[i])
                }
                if !t.isEmpty {
                    let ta = t[arg]
                    let sign: Float = ta >= 0 ? 1 : -1
                    pd[arg] -= sign * Float(gt) / (m * m) * (1 - ta * ta)
                }
            }
        }
        return dw
    }
}
