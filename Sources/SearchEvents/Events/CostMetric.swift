import Foundation

import Foundation

/// What a budget limits.
public enum CostMetric: String, Sendable, Codable, CaseIterable {
    /// Average bits per weight over the quantized layers (model size).
    case size
    /// Bit-operations per input: Σ MACs · weight bits · activation bits.
    case bops

    /// How a value of this metric reads ("4.00 bpw", "1.23e+08 BOPs").
    public func format(_ value: Double) -> String {
        switch self {
        case .size: return String(format: "%.3f bpw", value)
        case .bops: return String(format: "%.4g BOPs", value)
        }
    }
}
