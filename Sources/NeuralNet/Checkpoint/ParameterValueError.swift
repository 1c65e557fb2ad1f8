import Foundation
import Tensor

/// A loaded weight no trained model can hold: every command refuses it at load,
/// before anything computes with it.
public struct ParameterValueError: Error, LocalizedError, Equatable, Sendable {
    public enum Problem: Equatable, Sendable {
        case nonFinite(index: Int)
        case tooLarge(index: Int, value: Float)
        case negativeVariance(index: Int, value: Float)
    }

    public let source: String
    public let parameter: String
    public let problem: Problem

    public init(source: String, parameter: String, problem: Problem) {
        self.source = source
        self.parameter = parameter
        self.problem = problem
    }

    public var errorDescription: String? {
        let what: String
        switch problem {
        case .nonFinite(let i): what = "a NaN or infinite value at element \(i)"
        case .tooLarge(let i, let v):
            what = "the value \(v) at element \(i), beyond ±\(ParameterValues.maximumMagnitude) (no trained model holds such weights)"
        case .negativeVariance(let i, let v): what = "a negative batch-norm variance \(v) at element \(i)"
        }
        return "\(source) has \(what) in '\(parameter)'; retrain or pick an earlier checkpoint"
    }
}

/// The sanity checks applied to every loaded set of weights.
public enum ParameterValues {
    /// Larger magnitudes overflow Float within a few layers; real weights and statistics stay far below.
    public static let maximumMagnitude: Float = 1e10

    /// Throws for the first parameter (by name) that is non-finite, absurdly large, or a negative running variance.
    public static func validate(_ parameters: [String: Tensor], source: String) throws {
        for name in parameters.keys.sorted() {
            let isVariance = name.hasSuffix("running_var")
            for (i, v) in parameters[name]!.scalars.enumerated() {
                if !v.isFinite { throw ParameterValueError(source: source, parameter: name, problem: .nonFinite(index: i)) }
                if abs(v) > maximumMagnitude {
                    throw ParameterValueError(source: source, parameter: name, problem: .tooLarge(index: i, value: v))
                }
                if isVariance && v < 0 {
                    throw ParameterValueError(source: source, parameter: name, problem: .negativeVariance(index: i, value: v))
                }
            }
        }
    }
}
