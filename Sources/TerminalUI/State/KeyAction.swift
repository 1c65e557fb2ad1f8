import SearchEvents

/// What the UI loop must do after a key: send a command or leave.
public enum KeyAction: Equatable, Sendable {
    case send(SearchCommand)
    case exit
}
