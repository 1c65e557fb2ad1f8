import Foundation
import Tensor

extension Adam {
    /// The plain Swift form of `step`: what the tests hold the C kernel to.
    public mutating func referenceStep(_ parameters: inout [String: Tensor], gradients: [String: Tensor], lr: Float) {
        for (name, grad) in gradients {
            guard var p = parameters[name] else { continue }
            var m = state["\(name).m"] ?? Tensor(zeros: p.shape)
            var v = state["\(name).v"] ?? Tensor(zeros: p.shape)
            let t = (state["\(name).t"]?[flat: 0] ?? 0) + 1
            let c1 = 1 - powf(beta1, t), c2 = 1 - powf(beta2, t)
            let b1 = beta1, b2 = beta2, eps = epsilon
            let l2 = decoupledWeightDecay ? 0 : weightDecay
            let decay = decoupledWeightDecay ? lr * weightDecay : 0
            grad.withUnsafeBufferPointer { g in
                p.withUnsafeMutableBufferPointer { pp in
                    m.withUnsafeMutableBufferPointer { pm in
                        v.withUnsafeMutableBufferPointer { pv in
                            for i in 0..<pp.count {
                                let gi = g[i] + l2 * pp[i]
                                pm[i] = b1 * pm[i] + (1 - b1) * gi
                                pv[i] = b2 * pv[i] + (1 - b2) * gi * gi
                                let mhat = pm[i] / c1, vhat = pv[i] / c2
                                pp[i] -= lr * mhat / (vhat.squareRoot() + eps) + decay * pp[i]
                            }
                        }
                    }
                }
            }
            state["\(name).m"] = m
            state["\(name).v"] = v
            state["\(name).t"] = Tensor(t)
            parameters[name] = p
        }
    }
}
