import Foundation
import NeuralNet

/// The encodings file: every quantized tensor of a strategy.
public struct ONNXQuantEncodings: Sendable, Codable, Equatable {
    public var format = "dqss-encodings"
    public var version = 1
    public var model: String
    /// Strategy label, e.g. "W4/A4 uniform" or the snapshot it came from.
    public var strategy: String
    public var tensors: [ONNXQuantEncoding]

    public init(model: String, strategy: String, tensors: [ONNXQuantEncoding]) {
        self.model = model
        self.strategy = strategy
        self.tensors = tensors
    }

    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: url)
    }
}
