/// How one cell is drawn. Colours are ignored by the backend in monochrome mode;
/// attributes are not, so widgets never rely on colour alone.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = CellStyle()

    public func with(bold: Bool? = nil, reverse: Bool? = nil, foreground: TerminalColor? = nil,
                     background: TerminalColor? = nil) -> CellStyle {
        var s = self
        if let bold { s.bold = bold }
        if let reverse { s.reverse = reverse }
        if let foreground { s.foreground = foreground }
        if let background { s.background = background }
        return s
    }
}
