/// An input from the terminal, already decoded from ncurses codes.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape
    /// A mouse button press at a screen cell.
    case click(x: Int, y: Int)
}
