import Foundation

/// A preprocessing whose fields do not fit together or do not fit the model.
public struct PreprocessingError: Error, LocalizedError, Equatable, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var errorDescription: String? { "invalid preprocessing: \(reason)" }
}
