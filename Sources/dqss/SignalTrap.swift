import Dispatch
import Foundation
import Search
import Synchronization

/// Turns SIGINT/SIGTERM into "write the snapshot now", after which the caller
/// exits with 130/143 (128 + signal number).
final class SignalTrap: Sendable {
    private final class Received: Sendable {
        let signal = Mutex<Int32?>(nil)
    }

    /// Dispatch sources are thread-safe; they are only kept alive here.
    private struct Source: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    private let received = Received()
    private let sources: [Source]

    init(session: SearchSession, snapshotPath: String) {
        let received = self.received
        var made: [Source] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                received.signal.withLock { $0 = sig }
                session.send(.snapshot(path: snapshotPath))
            }
            source.resume()
            made.append(Source(source: source))
        }
        sources = made
    }

    /// The exit code to use once the snapshot is written, if a signal arrived.
    func exitCodeAfterSnapshot() -> Int32? {
        received.signal.withLock { $0.map { 128 + $0 } }
    }
}
