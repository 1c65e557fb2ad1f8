/// A quantization strategy: one weight and one activation candidate per layer
/// (indices into the candidate lists).
public struct Strategy: Sendable, Codable, Equatable, Hashable {
    public var weight: [Int]
    public var activation: [Int]

    public init(weight: [Int], activation: [Int]) {
        precondition(weight.count == activation.count, "strategy: \(weight.count) weight vs \(activation.count) activation choices")
        self.weight = weight
        self.activation = activation
    }

    /// Every layer uses candidate `w` for weights and `a` for activations.
    public static func uniform(layers: Int, weight w: Int, activation a: Int) -> Strategy {
        Strategy(weight: [Int](repeating: w, count: layers), activation: [Int](repeating: a, count: layers))
    }
}

extension Strategy {
    /// This strategy with the user's pins written over it.
    public func pinned(_ pins: [Int: LayerPin]) -> Strategy {
        var s = self
        for (l, pin) in pins {
            if let w = pin.weight { s.weight[l] = w }
            if let a = pin.activation { s.activation[l] = a }
        }
        return s
    }
}
