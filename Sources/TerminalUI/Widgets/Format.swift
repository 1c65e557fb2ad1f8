import Foundation
import SearchEvents

/// Number, duration and text formatting shared by the widgets.
public enum Format {
    /// A compact number with about four significant digits: 0.4123, 12.35, 1.2e-05.
    public static func short(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let a = abs(v)
        if a == 0 { return "0" }
        if a >= 1e5 || a < 1e-3 { return String(format: "%.2e", v) }
        if a >= 1000 { return String(format: "%.0f", v) }
        if a >= 100 { return String(format: "%.1f", v) }
        if a >= 10 { return String(format: "%.2f", v) }
        if a >= 1 { return String(format: "%.3f", v) }
        return String(format: "%.4f", v)
    }

    public static func short(_ v: Float) -> String { short(Double(v)) }

    /// m:ss below an hour, h:mm:ss above.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) }
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    /// Fits `text` into `width` columns, keeping its end (layer names differ at the end).
    public static func truncateHead(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        return "…" + String(text.suffix(max(width - 1, 0)))
    }

    public static func truncateTail(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        return String(text.prefix(max(width - 1, 0))) + "…"
    }

    public static func padRight(_ text: String, _ width: Int) -> String {
        let t = truncateTail(text, to: width)
        return t + String(repeating: " ", count: max(0, width - CharacterWidth.of(t)))
    }

    public static func padLeft(_ text: String, _ width: Int) -> String {
        let t = truncateTail(text, to: width)
        return String(repeating: " ", count: max(0, width - CharacterWidth.of(t))) + t
    }

    public static func shape(_ dims: [Int]) -> String {
        dims.map(String.init).joined(separator: "×")
    }

    /// Short names for layer kinds so the heatmap keeps its columns narrow.
    public static func kind(_ kind: String) -> String {
        switch kind {
        case "conv2d": return "conv"
        case "depthwise": return "dw"
        case "convTranspose2d": return "tconv"
        case "linear": return "fc"
        default: return String(kind.prefix(5))
        }
    }

    /// Three-letter column header for a candidate name. A learned rounding on
    /// a range, "adaround(mse)", is "~ms": its range stays readable beside "mse".
    public static func abbreviation(_ name: String) -> String {
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            return "~" + name[name.index(after: open)...].prefix(2)
        }
        return String(name.prefix(3))
    }

    public static func phase(_ p: SearchPhase?) -> String {
        switch p {
        case nil: return "starting"
        case .fineTuning: return "fine-tuning"
        case let p?: return p.rawValue
        }
    }
}
