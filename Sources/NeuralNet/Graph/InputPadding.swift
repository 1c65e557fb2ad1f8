import Tensor

/// Padding of the input image that a model's unpadded convolutions expect
/// (a super-resolution model whose output is smaller than scale × input).
/// dqss runs it as the graph's first node, named `nodeName`, so every pass,
/// resize and search keeps it; exports leave it out and record it instead.
public struct InputPadding: Sendable, Codable, Hashable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case edge, reflect, constant
    }
    /// Pixels added on each side of H and W.
    public var pixels: Int
    public var mode: Mode

    public init(pixels: Int, mode: Mode) {
        precondition(pixels >= 1, "input padding must be at least one pixel")
        self.pixels = pixels
        self.mode = mode
    }

    /// The name of the padding node right after the graph's input.
    public static let nodeName = "dqss_input_padding"

    /// "2,edge": how exports record it.
    public var description: String { "\(pixels),\(mode.rawValue)" }

    var op: PadOp {
        let m: PadOp.Mode
        switch mode {
        case .edge: m = .edge
        case .reflect: m = .reflect
        case .constant: m = .constant(0)
        }
        return PadOp(top: pixels, left: pixels, bottom: pixels, right: pixels, mode: m)
    }
}
