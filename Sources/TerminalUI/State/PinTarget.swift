/// Which side of a layer the strategy cursor and pin/unpin act on.
public enum PinTarget: String, Hashable, Sendable {
    case weights
    case activations
}
