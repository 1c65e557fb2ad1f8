import Foundation
import Tensor
import NeuralNet
import Quantization

/// Learned roundings on disk, one safetensors file per layer and candidate,
/// named by the SHA-256 of everything that determines the result: the model's
/// weights, the calibration set, the layer, the candidate's range and grid
/// (bits, scales), the hyper-parameters and where the inputs came from. A
/// second search, a resume or a baseline of the same setting reads instead of
/// learning again.
public struct ReconstructionCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// What the key is made of, in a fixed order.
    public struct Key: Sendable, Equatable {
        public var model: String
        public var calibration: String
        public var layer: String
        public var method: WeightMethod
        public var params: QuantParams
        public var settings: LearnedRoundingSettings

        public var digest: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let params = (try? encoder.encode(self.params)) ?? Data()
            let settings = (try? encoder.encode(self.settings)) ?? Data()
            var h = SHA256()
            for part in ["dqss-adaround-v1", model, calibration, layer, method.rawValue] {
                h.update(Data(part.utf8))
                h.update(Data([0]))
            }
            h.update(params)
            h.update(Data([0]))
            h.update(settings)
            return SHA256.hex(h.finalize())
        }
    }

    /// SHA-256 of a calibration set's shape and values.
    public static func digest(of images: Tensor) -> String {
        var h = SHA256()
        h.update(Data(images.shape.map(String.init).joined(separator: "x").utf8))
        images.withUnsafeBufferPointer { h.update(Data(buffer: $0)) }
        return SHA256.hex(h.finalize())
    }

    func url(_ key: Key) -> URL {
        directory.appendingPathComponent(key.digest + ".safetensors")
    }

    /// The stored result, or nil when absent or unreadable (it is then learned again).
    public func load(_ key: Key, weightShape: [Int]) -> AdaRoundResult? {
        guard let data = FileManager.default.contents(atPath: url(key).path),
              let (tensors, metadata) = try? SafeTensors.decode(data),
              let weight = tensors["weight"], weight.shape == weightShape,
              let outcomeJSON = metadata["outcome"],
              let outcome = try? JSONDecoder().decode(AdaRoundOutcome.self, from: Data(outcomeJSON.utf8)),
              let nearest = metadata["nearestError"].flatMap(Double.init),
              let learned = metadata["learnedError"].flatMap(Double.init),
              let flipped = metadata["flipped"].flatMap(Int.init) else { return nil }
        // A file whose weight is off the grid is not one this cache wrote.
        guard weight.isFinite, FakeQuant.forward(weight, key.params) == weight else { return nil }
        return AdaRoundResult(weight: weight, outcome: outcome, nearestError: nearest, learnedError: learned, flipped: flipped)
    }

    /// Stores a result; a cache that cannot be written is reported, not fatal.
    public func store(_ result: AdaRoundResult, for key: Key) throws {
        let outcome = String(decoding: try JSONEncoder().encode(result.outcome), as: UTF8.self)
        let metadata = ["outcome": outcome, "nearestError": "\(result.nearestError)",
                        "learnedError": "\(result.learnedError)", "flipped": "\(result.flipped)",
                        "layer": key.layer, "method": key.method.rawValue]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SafeTensors.write(["weight": result.weight], metadata: metadata, to: url(key))
    }
}
