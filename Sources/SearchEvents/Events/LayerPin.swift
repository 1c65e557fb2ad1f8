/// A layer's choice fixed by the user; nil leaves that side to the search.
public struct LayerPin: Sendable, Codable, Equatable, Hashable {
    public var weight: Int?
    public var activation: Int?

    public init(weight: Int? = nil, activation: Int? = nil) {
        self.weight = weight
        self.activation = activation
    }
}
