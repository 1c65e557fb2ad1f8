/// Styles and glyphs for one colour depth. Without colour every meaning is
/// carried by a glyph or an attribute instead.
public struct Theme: Sendable {
    public let depth: ColorDepth

    public init(depth: ColorDepth) { self.depth = depth }

    /// Intensity glyphs for terminals without (enough) colour.
    public static let intensityGlyphs: [Character] = [" ", "░", "▒", "▓", "█"]
    /// Dark-to-bright ramp (purple → teal → green → yellow) in the xterm 256 palette.
    public static let ramp256: [UInt8] = [53, 54, 55, 61, 67, 31, 37, 36, 35, 71, 107, 149, 185, 221, 226]
    private static let ramp8: [TerminalColor] = [.default, .blue, .cyan, .green, .yellow]

    private var colored: Bool { depth != .monochrome }

    private func fg(_ c: TerminalColor) -> CellStyle { colored ? CellStyle(foreground: c) : .plain }

    public var text: CellStyle { .plain }
    public var border: CellStyle { colored ? CellStyle(foreground: depth == .colors256 ? .indexed(244) : .white) : .plain }
    public var title: CellStyle { fg(.cyan).with(bold: true) }
    public var label: CellStyle { colored ? CellStyle(foreground: depth == .colors256 ? .indexed(248) : .white) : .plain }
    public var value: CellStyle { CellStyle(bold: true) }
    public var accent: CellStyle { fg(.yellow).with(bold: true) }
    public var good: CellStyle { fg(.green) }
    public var bad: CellStyle { fg(.red).with(bold: true) }
    public var dim: CellStyle { colored ? CellStyle(foreground: depth == .colors256 ? .indexed(242) : .white, dim: true) : CellStyle(dim: true) }
    public var selection: CellStyle { CellStyle(reverse: true) }
    public var statusBar: CellStyle { CellStyle(reverse: true) }
    public var statusKey: CellStyle { CellStyle(bold: true, reverse: true) }
    public var prompt: CellStyle { colored ? CellStyle(foreground: .black, background: .yellow, bold: true) : CellStyle(bold: true, reverse: true) }
    public var pinMark: CellStyle { fg(.magenta).with(bold: true) }

    /// Colours for chart series: the total loss first, then named terms.
    public func series(_ i: Int) -> CellStyle {
        guard colored else { return .plain }
        let palette: [TerminalColor] = [.cyan, .yellow, .magenta, .green, .red, .blue]
        return CellStyle(foreground: palette[max(i, 0) % palette.count])
    }

    /// Intensity level 0...4 of a probability (equal fifths).
    public static func level(_ p: Float) -> Int {
        let v = p.isFinite ? min(max(p, 0), 1) : 0
        return min(4, Int(v * 5))
    }

    /// The glyph that fills a heatmap cell: blank in 256-colour mode (the
    /// background carries the value), an intensity glyph otherwise.
    public func heatGlyph(_ p: Float) -> Character {
        depth == .colors256 ? " " : Self.intensityGlyphs[Self.level(p)]
    }

    /// Style of a heatmap cell for probability `p`.
    public func heatStyle(_ p: Float) -> CellStyle {
        let v = p.isFinite ? min(max(p, 0), 1) : 0
        switch depth {
        case .colors256:
            let i = min(Self.ramp256.count - 1, Int(v * Float(Self.ramp256.count)))
            let dark = i < Self.ramp256.count / 2
            return CellStyle(foreground: dark ? .indexed(255) : .indexed(16), background: .indexed(Self.ramp256[i]))
        case .colors8:
            return CellStyle(foreground: Self.ramp8[Self.level(v)])
        case .monochrome:
            return .plain
        }
    }
}
