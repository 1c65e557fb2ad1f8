import Tensor

/// Updates named parameters from their gradients.
public protocol Optimizer: Sendable {
    /// Applies one update with learning rate `lr` to every parameter that has a gradient.
    mutating func step(_ parameters: inout [String: Tensor], gradients: [String: Tensor], lr: Float)
    /// Internal state (momentum, moments, step count) as named tensors, for checkpoints.
    var state: [String: Tensor] { get set }
}
