public struct SearchDescription: Sendable, Codable, Equatable {
    public var model: String
    public var mode: SearchMode
    public var weightBits: Int
    public var activationBits: Int
    public var layers: [LayerInfo]
    public var weightCandidates: [String]
    public var activationCandidates: [String]
    public var totalSteps: Int
    /// "top-1" for classifiers, "PSNR" for super-resolution.
    public var metricName: String

    public init(model: String, mode: SearchMode, weightBits: Int, activationBits: Int, layers: [LayerInfo],
                weightCandidates: [String], activationCandidates: [String], totalSteps: Int, metricName: String) {
        self.model = model
        self.mode = mode
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.layers = layers
        self.weightCandidates = weightCandidates
        self.activationCandidates = activationCandidates
        self.totalSteps = totalSteps
        self.metricName = metricName
    }
}
