/// Which colours the UI may use. `auto` asks the terminal (and honours NO_COLOR).
public enum ColorMode: String, Sendable, CaseIterable, Codable {
    case auto
    case palette256 = "256"
    case palette8 = "8"
    case none
}
