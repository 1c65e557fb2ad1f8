import Quantization

/// The calibrated candidate quantizers of one layer.
public struct LayerCandidates: Sendable, Codable, Equatable {
    public var weight: [QuantParams]
    public var activation: [QuantParams]

    public init(weight: [QuantParams], activation: [QuantParams]) {
        self.weight = weight
        self.activation = activation
    }
}
