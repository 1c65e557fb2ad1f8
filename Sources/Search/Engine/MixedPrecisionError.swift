import Foundation

/// A mixed-precision setting the search cannot run with.
public enum MixedPrecisionError: LocalizedError, Equatable {
    /// Learned rounding keys its weights by method, not by (method, bit-width) slot.
    case learnedRoundingWithSeveralBitWidths

    public var errorDescription: String? {
        switch self {
        case .learnedRoundingWithSeveralBitWidths:
            return "adaround(…) weight candidates take one weight bit-width: drop them or pass one weight bit-width in --bits"
        }
    }
}
