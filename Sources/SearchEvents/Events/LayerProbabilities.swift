public struct LayerProbabilities: Sendable, Codable, Equatable {
    public var weight: [Float]
    public var activation: [Float]

    public init(weight: [Float], activation: [Float]) {
        self.weight = weight
        self.activation = activation
    }
}
