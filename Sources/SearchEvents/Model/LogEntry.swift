/// One line of the message log.
public struct LogEntry: Hashable, Sendable {
    public enum Level: Hashable, Sendable { case info, warning, error }

    public var level: Level
    public var text: String
    /// The search step when it was logged (nil before the first step).
    public var step: Int?

    public init(level: Level, text: String, step: Int?) {
        self.level = level
        self.text = text
        self.step = step
    }
}
