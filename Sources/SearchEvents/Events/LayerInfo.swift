public struct LayerInfo: Sendable, Codable, Equatable {
    public var name: String
    /// "conv2d", "depthwise", "convTranspose2d", "linear".
    public var kind: String
    public var weightShape: [Int]
    /// Input activation shape without the batch dimension.
    public var inputShape: [Int]

    public init(name: String, kind: String, weightShape: [Int], inputShape: [Int]) {
        self.name = name
        self.kind = kind
        self.weightShape = weightShape
        self.inputShape = inputShape
    }
}
