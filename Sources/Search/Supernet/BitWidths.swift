import Foundation

/// Weight and activation bit-widths, written "w4a4" on the command line.
public struct BitWidths: Sendable, Codable, Equatable, CustomStringConvertible {
    public var weight: Int
    public var activation: Int

    public init(weight: Int, activation: Int) {
        self.weight = weight
        self.activation = activation
    }

    /// Parses "w4a4", "W3A8" or "4" (both sides).
    public init?(_ text: String) {
        let t = text.lowercased()
        if let n = Int(t) {
            self.init(weight: n, activation: n)
        } else if t.hasPrefix("w"), let a = t.firstIndex(of: "a"),
                  let w = Int(t[t.index(after: t.startIndex)..<a]), let x = Int(t[t.index(after: a)...]) {
            self.init(weight: w, activation: x)
        } else {
            return nil
        }
        guard (2...8).contains(weight), (2...8).contains(activation) else { return nil }
    }

    public var description: String { "W\(weight)A\(activation)" }
}
