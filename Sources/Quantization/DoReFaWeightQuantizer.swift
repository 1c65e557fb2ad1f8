import Foundation
import Tensor

/// DoReFa-Net weight quantization (Zhou et al. 2016), k ≥ 2 bits:
/// w' = tanh(w) / (2·max|tanh(w)|) + 0.5 ∈ [0, 1], q = round(w'·n)/n with
/// n = 2^k − 1, output 2q − 1 ∈ [−1, 1] (2^k levels, no zero level). The scale
/// is absorbed by the following BatchNorm, as in the paper.
///
/// Backward: straight-through on round, exact through tanh and through the
/// max (the gradient autograd gives the reference implementation):
/// ∂L/∂w_j = (1 − t_j²)·(g_j / M − [j = argmax]·sign(t_j)·Σ_i g_i t_i / M²),
/// t = tanh(w), M = max|t|. No learnable parameters.
public struct DoReFaWeightQuantizer: LearnableQuantizer {
    public let bits: Int

    public init(bits: Int) {
        precondition((2...8).contains(bits), "DoReFa needs 2…8 bits, got \(bits)")
        self.bits = bits
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
        let (t, m, _) = normalised(w)
        let n = levels, inv = 1 / n, half = 0.5 / m
        var out = Tensor(zeros: w.shape)
        out.withUnsafeMutableBufferPointer { po in
            for i in 0..<t.count {
                let u = t[i] * half + 0.5
                po[i] = 2 * (QuantGrid.roundHalfEven(u * n) * inv) - 1
            }
        }
        return out
    }

    public func backward(_ gradOutput: Tensor, input w: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == w.count, "DoReFa backward: gradient \(gradOutput.shape) vs input \(w.shape)")
        let (t, m, arg) = normalised(w)
        var dw = Tensor(zeros: w.shape)
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
        return QuantizerGradients(input: dw, parameters: [])
    }
}
