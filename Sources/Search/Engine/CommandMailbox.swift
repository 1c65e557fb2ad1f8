import Synchronization

/// Commands from a front end to the engine. The front end never waits; the
/// engine drains the box between steps.
public final class CommandMailbox: Sendable {
    private let pending = Mutex<[SearchCommand]>([])

    public init() {}

    public func send(_ command: SearchCommand) {
        pending.withLock { $0.append(command) }
    }

    /// Everything sent since the last call, in order.
    public func drain() -> [SearchCommand] {
        pending.withLock { box in
            defer { box.removeAll() }
            return box
        }
    }
}
