import Foundation

/// True when stdin and stdout are terminals and TERM names a real one, so the
/// terminal UI can run; callers fall back to headless output otherwise.
/// Call as `TerminalUI.isInteractiveTerminal()`.
public func isInteractiveTerminal() -> Bool {
    let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
    return isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 && !term.isEmpty && term != "dumb"
}
