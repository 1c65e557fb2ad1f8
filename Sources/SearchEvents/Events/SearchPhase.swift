public enum SearchPhase: String, Sendable, Codable, Equatable, CaseIterable {
    case calibrating, warmup, searching, deriving, fineTuning, evaluating, done
}
