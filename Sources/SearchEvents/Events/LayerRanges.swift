public struct LayerRanges: Sendable, Codable, Equatable {
    public var layer: Int
    public var weight: [CandidateRange]
    public var activation: [CandidateRange]

    public init(layer: Int, weight: [CandidateRange], activation: [CandidateRange]) {
        self.layer = layer
        self.weight = weight
        self.activation = activation
    }
}
