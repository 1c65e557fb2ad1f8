import Quantization

/// How learned-rounding candidates are made; recorded in the search's configuration.
public struct LearnedRoundingSettings: Sendable, Codable, Hashable {
    public var options: AdaRoundOptions
    public var inputs: ReconstructionInputs

    public init(options: AdaRoundOptions = AdaRoundOptions(), inputs: ReconstructionInputs = .float) {
        self.options = options
        self.inputs = inputs
    }
}
