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
    /// Commands that use the search's snapshot (real paths), listed in the results view.
    public var nextCommands: [String]

    public init(colorMode: ColorMode = .auto, honorNoColor: Bool = true, maxFramesPerSecond: Int = 20,
                exitWhenFinished: Bool = false, nextCommands: [String] = []) {
        self.nextCommands = nextCommands
        self.colorMode = colorMode
        self.honorNoColor = honorNoColor
        self.maxFramesPerSecond = maxFramesPerSecond
        self.exitWhenFinished = exitWhenFinished
    }
}
