/// A calibrated clipping range for one candidate of one layer.
public struct CandidateRange: Sendable, Codable, Equatable {
    public var candidate: String
    public var low: Float
    public var high: Float

    public init(candidate: String, low: Float, high: Float) {
        self.candidate = candidate
        self.low = low
        self.high = high
    }
}
