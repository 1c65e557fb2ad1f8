/// A history of (step, value) samples with bounded memory: when full, every
/// second sample is dropped and only every `stride`-th new one is kept, so a
/// long run still spans its whole length at coarser resolution.
public struct DecimatedHistory<Value: Sendable>: Sendable {
    public private(set) var steps: [Int] = []
    public private(set) var values: [Value] = []
    public let capacity: Int
    private var stride = 1
    private var seen = 0

    public init(capacity: Int = 1024) {
        precondition(capacity >= 2, "capacity must be at least 2")
        self.capacity = capacity
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    public var last: Value? { values.last }

    public mutating func append(step: Int, _ value: Value) {
        defer { seen += 1 }
        guard seen % stride == 0 else { return }
        if values.count >= capacity {
            steps = steps.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            values = values.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            stride *= 2
        }
        steps.append(step)
        values.append(value)
    }
}
