/// Eight-level bar glyphs for small inline charts of values in 0...1.
public enum Sparkline {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func glyph(_ value: Float) -> Character {
        let v = value.isFinite ? min(max(value, 0), 1) : 0
        return levels[min(levels.count - 1, Int(v * Float(levels.count)))]
    }

    /// Resamples `values` to exactly `width` glyphs (mean per bucket); fewer
    /// values than `width` are drawn one per column.
    public static func render(_ values: [Float], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        if values.count <= width { return String(values.map(glyph)) }
        var out = ""
        for i in 0..<width {
            let lo = i * values.count / width, hi = max(lo + 1, (i + 1) * values.count / width)
            let slice = values[lo..<hi]
            out.append(glyph(slice.reduce(0, +) / Float(slice.count)))
        }
        return out
    }
}
