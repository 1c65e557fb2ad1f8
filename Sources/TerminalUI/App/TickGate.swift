import Synchronization

/// Lets at most one tick wait in the loop's queue, so a slow frame never
/// builds up a backlog of ticks.
final class TickGate: Sendable {
    private let pending = Mutex(false)

    /// Returns true if the caller should enqueue a tick.
    func arm() -> Bool {
        pending.withLock { p in
            if p { return false }
            p = true
            return true
        }
    }

    func disarm() {
        pending.withLock { $0 = false }
    }
}
