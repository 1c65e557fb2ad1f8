import SearchEvents

/// Why `TerminalApp.run` returned, with the final result where there is one.
public enum TerminalExitReason: Sendable, Equatable {
    /// The search finished and the person left (or `exitWhenFinished` was set).
    case finished(SearchSummary)
    /// The search reported a failure.
    case failed(message: String)
    /// The person quit. The summary is there when the engine answered `.stop`
    /// with `.finished`; nil when they left without waiting.
    case userQuit(SearchSummary?)
    /// SIGINT, SIGTERM or SIGHUP (the number given): `.stop` was sent and the UI left at once.
    case interrupted(signal: Int32)

    /// The shell convention for a run ended by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    public static func exitCode(signal: Int32) -> Int32 { 128 + signal }
    /// The event stream ended without a terminal event.
    case streamEnded
}
