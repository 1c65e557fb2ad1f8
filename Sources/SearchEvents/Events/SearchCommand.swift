/// What a front end asks of a running search. The engine reads commands
/// between steps and answers each with an event.
public enum SearchCommand: Sendable, Codable, Equatable {
    case pause
    case resume
    /// Fix a layer's weight and/or activation strategy (candidate indices).
    /// The pin replaces the layer's previous pin: a nil side is searched again
    /// (send the merged pin to change one side only); both nil unpins the layer.
    case pin(layer: Int, pin: LayerPin)
    case unpin(layer: Int)
    /// Write a snapshot now; nil lets the engine choose the path.
    case snapshot(path: String?)
    /// Evaluate the currently derived strategy on the test split.
    case evaluate
    /// Finish early: derive, write a final snapshot, end the stream.
    case stop
}
