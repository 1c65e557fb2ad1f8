/// The colour capability actually in use, after `ColorMode.auto` is resolved.
public enum ColorDepth: Sendable, Hashable, CaseIterable {
    case colors256
    case colors8
    case monochrome

    /// Resolves a requested mode against what the terminal reports.
    public static func resolve(_ mode: ColorMode, terminalColors: Int, noColor: Bool) -> ColorDepth {
        let available: ColorDepth = terminalColors >= 256 ? .colors256 : terminalColors >= 8 ? .colors8 : .monochrome
        switch mode {
        case .none: return .monochrome
        case .palette8: return available == .monochrome ? .monochrome : .colors8
        case .palette256: return available
        case .auto: return noColor ? .monochrome : available
        }
    }
}
