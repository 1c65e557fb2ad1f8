import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM/SIGHUP into loop inputs so the terminal is restored
/// by the normal exit path instead of ncurses' or the default handler.
final class SignalForwarder {
    private var sources: [any DispatchSourceSignal] = []
    private var previous: [(Int32, __sighandler_t?)] = []

    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        for s in signals {
            previous.append((s, signal(s, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
            source.setEventHandler { handler(s) }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for s in sources { s.cancel() }
        sources = []
        for (s, h) in previous { signal(s, h) }
        previous = []
    }
}
