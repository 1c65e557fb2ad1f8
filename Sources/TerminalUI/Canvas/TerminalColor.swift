/// A terminal colour: the terminal's default, or an xterm palette index
/// (0–7 basic, 8–15 bright, 16–255 the 256-colour cube and grey ramp).
public enum TerminalColor: Hashable, Sendable {
    case `default`
    case indexed(UInt8)

    public static let black = TerminalColor.indexed(0)
    public static let red = TerminalColor.indexed(1)
    public static let green = TerminalColor.indexed(2)
    public static let yellow = TerminalColor.indexed(3)
    public static let blue = TerminalColor.indexed(4)
    public static let magenta = TerminalColor.indexed(5)
    public static let cyan = TerminalColor.indexed(6)
    public static let white = TerminalColor.indexed(7)
}
