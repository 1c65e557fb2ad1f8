import Foundation
import Tensor

/// Adam, or AdamW when `decoupledWeightDecay` is set (Loshchilov & Hutter).
public struct Adam: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    public var decoupledWeightDecay: Bool
    public var state: [String: Tensor] = [:]

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    public mutating func step(_ parameters: inout [String: Tensor], gradients: [String: Tensor], lr: Float) {
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
