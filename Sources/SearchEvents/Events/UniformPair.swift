/// One weight and one activation candidate for every layer (indices into the candidate lists).
public struct UniformPair: Sendable, Codable, Equatable, Hashable {
    public var weight: Int
    public var activation: Int

    public init(weight: Int, activation: Int) {
        self.weight = weight
        self.activation = activation
    }

    /// "mse/kl" with the names of the candidates.
    public func name(weightCandidates: [String], activationCandidates: [String]) -> String {
        let w = weightCandidates.indices.contains(weight) ? weightCandidates[weight] : "#\(weight)"
        let a = activationCandidates.indices.contains(activation) ? activationCandidates[activation] : "#\(activation)"
        return "\(w)/\(a)"
    }
}
