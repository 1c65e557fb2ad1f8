import Tensor

/// Batch normalization: "weight" (γ), "bias" (β), buffers "running_mean", "running_var"
/// (PyTorch names, so checkpoints map one to one).
public struct BatchNormOp: GraphOp {
    public var channels: Int
    public var epsilon: Float
    public var momentum: Float

    public init(channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
    }

    public var kind: String { "batchnorm" }

    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("weight", shape: [channels], initializer: .ones),
         ParameterSpec("bias", shape: [channels], initializer: .zeros),
         ParameterSpec("running_mean", shape: [channels], initializer: .zeros, trainable: false),
         ParameterSpec("running_var", shape: [channels], initializer: .ones, trainable: false)]
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].last == channels else {
            throw ShapeError("batch norm over \(channels) channels got input \(inputShapes)")
        }
        return inputShapes[0]
    }

    public func forward(_ inputs: [Tensor], parameters p: [Tensor], context: ExecutionContext) -> OpResult {
        guard context.training else {
            return OpResult(BatchNorm.inferenceForward(inputs[0], gamma: p[0], beta: p[1], runningMean: p[2],
                                                       runningVariance: p[3], epsilon: epsilon))
        }
        let (y, saved) = BatchNorm.trainingForward(inputs[0], gamma: p[0], beta: p[1], epsilon: epsilon)
        var mean = p[2], variance = p[3]
        for c in 0..<channels {
            mean[flat: c] = (1 - momentum) * mean[flat: c] + momentum * saved.mean[c]
            variance[flat: c] = (1 - momentum) * variance[flat: c] + momentum * saved.unbiasedVariance[c]
        }
        return OpResult(y, saved: saved, bufferUpdates: [2: mean, 3: variance])
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        guard let saved = input.saved as? BatchNorm.Saved else {
            preconditionFailure("batch norm backward needs a training-mode forward pass")
        }
        let g = BatchNorm.backward(input.gradOutput, saved: saved, gamma: input.parameters[0])
        return OpGradients(inputs: [g.input], parameters: [g.gamma, g.beta, nil, nil])
    }
}
