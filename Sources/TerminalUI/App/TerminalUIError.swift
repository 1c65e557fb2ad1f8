import Foundation

/// Errors from starting the terminal UI.
public enum TerminalUIError: Error, LocalizedError, Equatable {
    /// stdin or stdout is not a terminal: run headless instead.
    case notATerminal
    /// ncurses could not set up the terminal (unknown TERM, for example).
    case cannotInitialize(terminal: String)

    public var errorDescription: String? {
        switch self {
        case .notATerminal:
            return "the terminal UI needs an interactive terminal (stdin and stdout must be a TTY); run headless instead"
        case .cannotInitialize(let term):
            return "ncurses could not initialise the terminal (TERM=\(term.isEmpty ? "unset" : term)); try TERM=xterm-256color"
        }
    }
}
