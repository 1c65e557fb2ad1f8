import Tensor

/// One batch of training inputs with the targets the task's loss needs.
public struct TrainingBatch: Sendable {
    public enum Targets: Sendable {
        /// A class index per sample.
        case classes([Int32])
        /// A target tensor of the output's shape.
        case tensor(Tensor)
    }

    public var inputs: Tensor
    public var targets: Targets

    public init(inputs: Tensor, targets: Targets) {
        self.inputs = inputs
        self.targets = targets
    }
}
