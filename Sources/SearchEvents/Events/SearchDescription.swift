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
    /// The bit-widths searched per side (mixed precision); nil: `weightBits` and `activationBits` alone.
    public var weightBitChoices: [Int]? = nil
    public var activationBitChoices: [Int]? = nil

    /// "W4A4", or "W2,4,8A4,8" for a mixed-precision search.
    public var bitsLabel: String {
        let w = weightBitChoices ?? [weightBits], a = activationBitChoices ?? [activationBits]
        return "W\(w.map(String.init).joined(separator: ","))A\(a.map(String.init).joined(separator: ","))"
    }

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
