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
