import Foundation
import Tensor
import CKernels

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
            guard parameters[name] != nil else { continue }
            let count = parameters[name]!.count
            precondition(grad.count == count, "Adam: gradient \(grad.shape) for parameter \(name) of \(parameters[name]!.shape)")
            if state["\(name).m"] == nil {
                state["\(name).m"] = Tensor(zeros: parameters[name]!.shape)
                state["\(name).v"] = Tensor(zeros: parameters[name]!.shape)
            }
            let t = (state["\(name).t"]?[flat: 0] ?? 0) + 1
            let c1 = 1 - powf(beta1, t), c2 = 1 - powf(beta2, t)
            let l2 = decoupledWeightDecay ? 0 : weightDecay
            let decay = decoupledWeightDecay ? lr * weightDecay : 0
            // Moments and parameter updated in place (dictionary accessors do not copy).
            var m = state.removeValue(forKey: "\(name).m")!, v = state.removeValue(forKey: "\(name).v")!
            grad.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { pm in
                    v.withUnsafeMutableBufferPointer { pv in
                        parameters[name]!.withUnsafeMutableBufferPointer { pp in
                            ck_adam(pp.baseAddress, g.baseAddress, pm.baseAddress, pv.baseAddress, pp.count,
                                    lr, beta1, beta2, epsilon, c1, c2, l2, decay)
                        }
                    }
                }
            }
            state["\(name).m"] = m
            state["\(name).v"] = v
            state["\(name).t"] = Tensor(t)
        }
    }
}
