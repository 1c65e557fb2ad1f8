public enum SearchMode: String, Sendable, Codable, Equatable {
    case ptq, qat
}
