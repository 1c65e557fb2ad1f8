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
    /// SIGINT, SIGTERM or SIGHUP: `.stop` was sent and the UI left at once.
    case interrupted
    /// The event stream ended without a terminal event.
    case streamEnded
}
