import Foundation
import Quantization
import NeuralNet

/// Everything needed to evaluate, resume or export a search: versioned JSON,
/// written atomically.
public struct SearchSnapshot: Sendable, Codable, Equatable {
    /// 2: per-layer bits, bit choices, budget and the budget's multiplier
    /// (all optional, so version 1 files still load).
    public static let currentVersion = 2

    public struct LayerState: Sendable, Codable, Equatable {
        public var name: String
        public var weightLogits: [Float]
        public var activationLogits: [Float]
        public var probabilities: LayerProbabilities
        public var pin: LayerPin?
        /// Calibrated candidates (post-training search; nil for quantization-aware search).
        public var candidates: LayerCandidates?
        /// The bit-widths of the snapshot's strategy (final, else derived) in this
        /// layer; nil in version 1 snapshots and for quantization-aware search.
        public var bits: BitWidths? = nil
    }

    public var format = "dqss-search-snapshot"
    public var version = SearchSnapshot.currentVersion
    public var model: String
    public var weightsSHA256: String
    public var configuration: SearchConfiguration
    /// Steps completed.
    public var step: Int
    public var temperature: Float
    public var weightCandidates: [String]
    public var activationCandidates: [String]
    public var layers: [LayerState]
    /// Argmax of the current probabilities.
    public var derived: Strategy
    /// The returned strategy after the guard and refinement (set when the search is done).
    public var final: Strategy?
    /// Adam state of the logits, by parameter name.
    public var optimizerState: [String: [Float]]
    public var lossHistory: [Float]
    public var evaluations: [EvaluationReport]
    public var finished: Bool
    /// Learned tensors kept beside the JSON (quantization-aware search).
    public var sidecar: SnapshotSidecar? = nil
    /// The budget constraint's multiplier λ at `step` (mixed precision with a budget), so a resume continues it.
    public var lagrangeMultiplier: Double? = nil

    /// The strategy to use: the final one when the search is done, else the derived one.
    public var strategy: Strategy { final ?? derived }

    public func write(to url: URL) throws {
        let data = try NonFiniteJSON.encoder(pretty: true).encode(self)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
        } catch let error as OutputFileError {
            throw SnapshotError.cannotWrite(url.path, error.reason)
        } catch {
            throw SnapshotError.cannotWrite(url.path, error.localizedDescription)
        }
    }

    public static func read(from url: URL) throws -> SearchSnapshot {
        if let kind = InputFile.nonRegularKind(url.path) {
            throw SnapshotError.invalid(path: url.path, field: "the path", problem: "names a \(kind), not a file")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw SnapshotError.missing(url.path) }
        return try decode(data, path: url.path)
    }
}

public enum SnapshotError: LocalizedError, Equatable {
    case missing(String)
    case corrupt(String)
    case newerVersion(String, Int)
    case otherModel(path: String, snapshotModel: String, model: String)
    case otherWeights(path: String)
    case cannotWrite(String, String)
    /// A decoded field that does not fit the model (see `SearchSnapshot.validate`).
    case invalid(path: String, field: String, problem: String)

    /// The cause alone, for a message that already names the path.
    public static func cause(of error: any Error) -> String {
        if case .cannotWrite(_, let why)? = error as? SnapshotError { return why }
        return error.localizedDescription
    }

    public var errorDescription: String? {
        switch self {
        case .missing(let p): return "no snapshot at \(p); check the path (snapshots are written with `s` in the TUI or at the end of a search)"
        case .corrupt(let p): return "\(p) is not a valid dqss snapshot (damaged or another kind of JSON); use another snapshot"
        case .newerVersion(let p, let v): return "\(p) is snapshot format v\(v), newer than this dqss understands; update dqss"
        case .otherModel(let p, let s, let m):
            return "\(p) was made for model '\(s)', not '\(m)'; pass --model \(s) or another snapshot"
        case .otherWeights(let p):
            return "\(p) was made from different weights of the same model (SHA-256 differs); pass the --checkpoint it was made with"
        case .cannotWrite(let p, let why): return "cannot write snapshot \(p): \(why)"
        case .invalid(let p, let field, let problem):
            return "\(p) is not a usable snapshot for this model: \(field) \(problem); use the snapshot a search of this model wrote"
        }
    }
}
