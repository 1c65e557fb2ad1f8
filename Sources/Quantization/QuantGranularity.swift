/// Whether one set of quantization parameters covers the whole tensor or one
/// set per slice along an axis (axis 0 of NCHW / [Cout, Cin, kh, kw] weights
/// is the output channel, as in PyTorch's per-channel observers).
public enum QuantGranularity: Sendable, Hashable, Codable {
    case perTensor
    case perChannel(axis: Int)

    /// Number of parameter sets needed for a tensor of `shape`.
    public func channelCount(for shape: [Int]) -> Int {
        switch self {
        case .perTensor: return 1
        case .perChannel(let axis):
            precondition(axis >= 0 && axis < shape.count, "per-channel axis \(axis) is out of range for shape \(shape)")
            return shape[axis]
        }
    }

    /// (outer, channels, inner) such that flat index = (o · channels + c) · inner + i.
    func layout(for shape: [Int]) -> (outer: Int, channels: Int, inner: Int) {
        switch self {
        case .perTensor:
            return (1, 1, shape.reduce(1, *))
        case .perChannel(let axis):
            precondition(axis >= 0 && axis < shape.count, "per-channel axis \(axis) is out of range for shape \(shape)")
            return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
        }
    }
}
