/// A limit on the derived network's cost: the search penalises its expected
/// cost and repairs the derived strategy until it fits.
public enum Budget: Sendable, Codable, Equatable, CustomStringConvertible {
    /// At most this many bits per weight on average.
    case size(bitsPerWeight: Double)
    /// At most this many bit-operations per input.
    case bops(Double)
    /// At most `fraction` of the BOPs of the network at `reference` bits everywhere.
    case relativeBOPs(fraction: Double, reference: BitWidths)

    public var metric: CostMetric {
        switch self {
        case .size: return .size
        case .bops, .relativeBOPs: return .bops
        }
    }

    /// The limit in the metric's units, for the layers of `model`.
    public func target(in model: CostModel) -> Double {
        switch self {
        case .size(let b): return b
        case .bops(let b): return b
        case .relativeBOPs(let f, let r): return f * model.uniformBOPs(r)
        }
    }

    public var description: String {
        switch self {
        case .size(let b): return "size=\(b)bpw"
        case .bops(let b): return "bops=\(b)"
        case .relativeBOPs(let f, let r): return "bops=\(f)x\(r.description.lowercased())"
        }
    }
}
