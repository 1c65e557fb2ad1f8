import Foundation

/// The bit-widths a search may give each side of a layer: one each (the
/// uniform-precision search) or several (mixed precision). Written on the
/// command line like `--bits`: "w4a4" and "4" give one each; "2,3,4,6,8"
/// gives the list to both sides; "w2,4,8a4,8" gives one list per side.
public struct BitChoices: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Ascending, distinct, within 2…8.
    public private(set) var weight: [Int]
    public private(set) var activation: [Int]

    public static let supported = 2...8

    /// Nil when a list is empty or a bit-width is outside 2…8.
    public init?(weight: [Int], activation: [Int]) {
        let w = Array(Set(weight)).sorted(), a = Array(Set(activation)).sorted()
        guard !w.isEmpty, !a.isEmpty, (w + a).allSatisfy(Self.supported.contains) else { return nil }
        self.weight = w
        self.activation = a
    }

    public init(_ bits: BitWidths) {
        weight = [bits.weight]
        activation = [bits.activation]
    }

    public init?(_ text: String) {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "")
        func list(_ s: Substring) -> [Int]? {
            let parts = s.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            return parts.isEmpty || parts.contains(nil) ? nil : parts.compactMap { $0 }
        }
        if t.hasPrefix("w"), let a = t.firstIndex(of: "a"),
           let w = list(t[t.index(after: t.startIndex)..<a]), let x = list(t[t.index(after: a)...]) {
            self.init(weight: w, activation: x)
        } else if let both = list(t[...]) {
            self.init(weight: both, activation: both)
        } else {
            return nil
        }
    }

    /// One bit-width per side: the search chooses only the algorithm.
    public var single: BitWidths? {
        weight.count == 1 && activation.count == 1 ? BitWidths(weight: weight[0], activation: activation[0]) : nil
    }

    /// The widest bit-width of each side.
    public var widest: BitWidths { BitWidths(weight: weight.last!, activation: activation.last!) }

    public var description: String {
        single?.description ?? "W\(weight.map(String.init).joined(separator: ","))A\(activation.map(String.init).joined(separator: ","))"
    }
}
