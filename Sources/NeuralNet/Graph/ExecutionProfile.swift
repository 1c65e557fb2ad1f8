import Foundation
import Synchronization

/// Wall time per op kind and pass, collected while a graph runs with a
/// context that carries a profile. Ops may split their own time into named
/// parts (a quantized layer: its convolution, its quantizer passes), and
/// callers outside the graph (losses, optimizers) may record under their own
/// names. Off by default: a context without a profile costs one nil check per node.
public final class ExecutionProfile: Sendable {
    /// What one entry measures.
    public struct Key: Hashable, Sendable, Comparable {
        public var op: String
        public var pass: Pass
        /// A share of the op's time that the op measured itself; nil for the whole op.
        public var part: String?

        public init(op: String, pass: Pass, part: String? = nil) {
            self.op = op
            self.pass = pass
            self.part = part
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.op, a.pass.rawValue, a.part ?? "") < (b.op, b.pass.rawValue, b.part ?? "")
        }
    }

    public enum Pass: String, Sendable, Hashable, CaseIterable {
        case forward
        case backward
        /// Outside the graph: losses, optimizer steps.
        case step
    }

    public struct Entry: Sendable, Equatable {
        public var seconds: Double = 0
        public var calls: Int = 0
    }

    private let entries = Mutex<[Key: Entry]>([:])

    public init() {}

    public func record(_ key: Key, seconds: Double) {
        entries.withLock { e in
            e[key, default: Entry()].seconds += seconds
            e[key, default: Entry()].calls += 1
        }
    }

    /// Runs `body` and adds its wall time under `key`.
    @discardableResult
    public func measure<R>(_ key: Key, _ body: () throws -> R) rethrows -> R {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(key, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
        return try body()
    }

    /// Everything recorded so far.
    public var totals: [Key: Entry] { entries.withLock { $0 } }

    public func reset() { entries.withLock { $0.removeAll() } }
}

extension ExecutionContext {
    /// Runs `body`, timing it under (op, pass, part) when this context carries a profile.
    @inline(__always)
    public func measure<R>(_ op: String, _ pass: ExecutionProfile.Pass, part: String? = nil, _ body: () throws -> R) rethrows -> R {
        guard let profile else { return try body() }
        return try profile.measure(ExecutionProfile.Key(op: op, pass: pass, part: part), body)
    }
}
