import Tensor

/// Stochastic gradient descent with momentum, optional Nesterov, and L2 weight decay
/// (PyTorch semantics: decay added to the gradient before momentum).
public struct SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    /// Parameters exempt from weight decay (e.g. batch-norm and bias terms), by name.
    public var noDecay: Set<String>
    public var state: [String: Tensor] = [:]

    public init(momentum: Float = 0.9, nesterov: Bool = false, weightDecay: Float = 0, noDecay: Set<String> = []) {
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.noDecay = noDecay
    }

    public mutating func step(_ parameters: inout [String: Tensor], gradients: [String: Tensor], lr: Float) {
        for (name, grad) in gradients {
            guard let shape = parameters[name]?.shape else { continue }
            var d = grad
            let wd = noDecay.contains(name) ? 0 : weightDecay
            if wd != 0 { d.addScaled(parameters[name]!, alpha: wd) }
            if momentum != 0 {
                // The buffer and the parameter are updated in place: taken out
                // of their dictionaries, no copy-on-write copy is made.
                var buf = state.removeValue(forKey: name) ?? Tensor(zeros: shape)
                buf.scale(by: momentum)
                buf.addScaled(d)
                if nesterov { d.addScaled(buf, alpha: momentum) } else { d = buf }
                state[name] = buf
            }
            parameters[name]!.addScaled(d, alpha: -lr)
        }
    }
}
