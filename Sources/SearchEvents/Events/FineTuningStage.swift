/// For quantization-aware search: whether a derived strategy was measured on
/// the weights as the search left them, or after fine-tuning it.
public enum FineTuningStage: String, Sendable, Codable, Equatable, Hashable {
    case before, after
}
