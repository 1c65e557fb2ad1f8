/// Where a layer's reconstruction takes its inputs from.
public enum ReconstructionInputs: String, Sendable, Codable, Hashable, CaseIterable {
    /// The float network's activations: layers are independent (AdaRound's
    /// "symmetric" setting), and every candidate of a layer shares one pass.
    case float
    /// The activations of the network whose earlier layers already use this
    /// candidate's learned weights (activations stay float: their quantizer is
    /// what the search chooses). Corrects the errors of the layers before,
    /// at the price of one sequential pass per candidate.
    case quantizedPrefix = "quantized-prefix"
}
