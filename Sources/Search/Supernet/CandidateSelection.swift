import Foundation
import Tensor

/// How a quantized layer picks among its candidates on one side (weights or
/// input activations).
public enum CandidateSelection: Sendable, Equatable, Codable {
    /// The softmax mixture of every candidate, weighted by the layer's logits.
    case soft
    /// One candidate (a derived choice, a uniform strategy, or a user's pin).
    case fixed(Int)

    /// Mixture weights for `logits` at temperature `tau`.
    public func probabilities(logits: Tensor, temperature tau: Float, count: Int) -> [Float] {
        switch self {
        case .fixed(let j):
            var p = [Float](repeating: 0, count: count)
            p[j] = 1
            return p
        case .soft:
            return Softmax.probabilities(logits.scalars, temperature: tau)
        }
    }
}

