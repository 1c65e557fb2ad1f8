/// How the terminal UI runs.
public struct TerminalOptions: Sendable, Equatable {
    public var colorMode: ColorMode
    /// With `colorMode == .auto`, a set NO_COLOR variable (any value) turns colour off.
    public var honorNoColor: Bool
    /// Upper bound on redraws per second (1...60); input is polled at the same rate.
    public var maxFramesPerSecond: Int
    /// Return as soon as the search ends instead of keeping the final state on
    /// screen until the person presses q.
    public var exitWhenFinished: Bool

    public init(colorMode: ColorMode = .auto, honorNoColor: Bool = true, maxFramesPerSecond: Int = 20,
                exitWhenFinished: Bool = false) {
        self.colorMode = colorMode
        self.honorNoColor = honorNoColor
        self.maxFramesPerSecond = maxFramesPerSecond
        self.exitWhenFinished = exitWhenFinished
    }
}
