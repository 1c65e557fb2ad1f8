import Foundation

/// When a running search writes a periodic snapshot to its snapshot path, so a
/// kill loses at most that much work. Not part of the search configuration: it
/// changes nothing the search computes.
public struct SnapshotSchedule: Sendable, Equatable {
    /// Every this many steps (nil: not by steps).
    public var everySteps: Int?
    /// Every this many seconds of wall time (nil: not by time).
    public var everySeconds: Double?

    public init(everySteps: Int? = nil, everySeconds: Double? = nil) {
        self.everySteps = everySteps
        self.everySeconds = everySeconds
    }

    /// No periodic snapshots (only manual and final ones).
    public static let never = SnapshotSchedule()

    /// Whether a snapshot is due after `step`, given the step and time of the last one.
    public func isDue(step: Int, lastStep: Int, lastTime: Date, now: Date = Date()) -> Bool {
        guard step > lastStep else { return false }
        if let n = everySteps, n > 0, step - lastStep >= n { return true }
        if let s = everySeconds, s > 0, now.timeIntervalSince(lastTime) >= s { return true }
        return false
    }
}

/// The last periodic (or manual) snapshot, for `SnapshotSchedule.isDue`.
public struct SnapshotClock: Sendable {
    public private(set) var step: Int
    public private(set) var time: Date

    public init(step: Int, time: Date = Date()) {
        self.step = step
        self.time = time
    }

    public mutating func record(step: Int, time: Date = Date()) {
        self.step = step
        self.time = time
    }
}
