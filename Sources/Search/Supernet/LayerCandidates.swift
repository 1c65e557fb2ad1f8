import Tensor
import Quantization

/// The calibrated candidate quantizers of one layer.
public struct LayerCandidates: Sendable, Codable, Equatable {
    public var weight: [QuantParams]
    public var activation: [QuantParams]
    /// Weights on a candidate's grid that are not its round-to-nearest of the
    /// float weight (learned rounding), by weight-candidate index. Not in the
    /// JSON: snapshots keep them in their tensor sidecar.
    public var roundedWeights: [Int: Tensor] = [:]

    public init(weight: [QuantParams], activation: [QuantParams], roundedWeights: [Int: Tensor] = [:]) {
        self.weight = weight
        self.activation = activation
        self.roundedWeights = roundedWeights
    }

    enum CodingKeys: String, CodingKey {
        case weight, activation
    }

    /// Candidate j's quantized weight: the learned one, else `w` rounded to nearest on its grid.
    public func quantizedWeight(_ j: Int, of w: Tensor) -> Tensor {
        roundedWeights[j] ?? FakeQuant.forward(w, weight[j])
    }

    /// The bit-widths of weight candidate `weight` and activation candidate `activation`.
    public func bits(weight j: Int, activation i: Int) -> BitWidths {
        BitWidths(weight: self.weight[j].spec.bits, activation: self.activation[i].spec.bits)
    }

    /// Only the weight candidates at `kept`, in that order (rounded weights re-indexed).
    public func keepingWeights(_ kept: [Int]) -> LayerCandidates {
        var rounded: [Int: Tensor] = [:]
        for (new, old) in kept.enumerated() { rounded[new] = roundedWeights[old] }
        return LayerCandidates(weight: kept.map { weight[$0] }, activation: activation, roundedWeights: rounded)
    }
}
