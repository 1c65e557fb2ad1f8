/// The normalisation of a classification dataset: x' = (x − mean) / std for every pixel.
public struct PixelStatistics: Sendable, Equatable, Codable {
    public var mean: Float
    public var std: Float

    public init(mean: Float, std: Float) {
        self.mean = mean
        self.std = std
    }

    /// What a black pixel becomes (crop padding fills with it).
    public var blackValue: Float { -mean / std }
}
