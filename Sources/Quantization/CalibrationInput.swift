import Foundation
import Tensor

/// A tensor given to the calibrators from outside (`dqss calibrate`): the calibrators'
/// arithmetic (ranges, histograms, scales) needs values, all finite and far from Float's limits.
public enum CalibrationInput {
    /// Beyond this, a range (high − low) or a squared error overflows Float.
    public static let maximumMagnitude: Float = 1e30

    public struct Refused: Error, LocalizedError, Equatable {
        public let source: String
        public let reason: String
        public var errorDescription: String? { "\(source) cannot be calibrated: \(reason)" }
    }

    public static func check(_ x: Tensor, source: String) throws {
        guard x.count > 0 else {
            throw Refused(source: source, reason: "the tensor of shape \(x.shape) holds no values; pass one with data")
        }
        if let i = x.scalars.firstIndex(where: { !$0.isFinite }) {
            throw Refused(source: source, reason: "value \(x.scalars[i]) at element \(i) is not finite; calibrators need finite data")
        }
        if let i = x.scalars.firstIndex(where: { abs($0) > maximumMagnitude }) {
            throw Refused(source: source, reason: "value \(x.scalars[i]) at element \(i) is beyond ±\(maximumMagnitude), where range arithmetic overflows")
        }
        // A range made only of denormals has no representable bin width or scale.
        let largest = x.scalars.reduce(0) { Swift.max($0, abs($1)) }
        if largest > 0 && largest < Float.leastNormalMagnitude {
            throw Refused(source: source, reason: "every value is below \(Float.leastNormalMagnitude) (denormal, largest \(largest)); scale the data up or treat it as zero")
        }
    }
}
