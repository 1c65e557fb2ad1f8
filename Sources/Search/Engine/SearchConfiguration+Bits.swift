extension SearchConfiguration {
    /// The bit-width of every candidate slot of every layer (post-training search).
    public var bitPolicy: BitPolicy {
        BitPolicy(choices: bitChoices ?? BitChoices(bits), firstAndLastAt8Bits: firstAndLastAt8Bits)
    }

    /// "W4A4", or "W2,4,8A4,8" for a mixed-precision search.
    public var bitsLabel: String { (bitChoices ?? BitChoices(bits)).description }

    /// Names of the weight candidate slots: the methods, "mse@4" with several bit-widths.
    public var weightCandidateNames: [String] {
        BitPolicy.names(weightMethods.map(\.rawValue), bits: bitPolicy.choices.weight)
    }

    public var activationCandidateNames: [String] {
        BitPolicy.names(activationMethods.map(\.rawValue), bits: bitPolicy.choices.activation)
    }
}
