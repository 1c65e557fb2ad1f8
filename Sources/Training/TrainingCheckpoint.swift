import Foundation
import Tensor
import NeuralNet

/// A training checkpoint: model parameters, optimizer state (under
/// "optimizer/…") and JSON metadata, in one safetensors file written atomically.
public struct TrainingCheckpoint: Sendable {
    public static let optimizerPrefix = "optimizer/"

    public var model: String
    public var parameters: [String: Tensor]
    public var optimizerState: [String: Tensor]
    public var epochsDone: Int
    /// The training recipe, JSON-encoded by the caller.
    public var configJSON: String
    /// Per-epoch history lines (JSON), for model cards.
    public var historyJSON: String

    public init(model: String, parameters: [String: Tensor], optimizerState: [String: Tensor],
                epochsDone: Int, configJSON: String, historyJSON: String) {
        self.model = model
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.epochsDone = epochsDone
        self.configJSON = configJSON
        self.historyJSON = historyJSON
    }

    public func write(to url: URL) throws {
        var tensors = parameters
        for (k, v) in optimizerState { tensors[Self.optimizerPrefix + k] = v }
        try SafeTensors.write(tensors, metadata: [
            "format": "dqss-training-checkpoint-v1",
            "model": model,
            "epochs_done": String(epochsDone),
            "config": configJSON,
            "history": historyJSON,
        ], to: url)
    }

    public static func read(from url: URL) throws -> TrainingCheckpoint {
        let (tensors, metadata) = try SafeTensors.read(url)
        guard let model = metadata["model"], let done = metadata["epochs_done"].flatMap(Int.init) else {
            throw CheckpointError.notATrainingCheckpoint(url.path)
        }
        var params: [String: Tensor] = [:], optim: [String: Tensor] = [:]
        for (k, v) in tensors {
            if k.hasPrefix(optimizerPrefix) { optim[String(k.dropFirst(optimizerPrefix.count))] = v } else { params[k] = v }
        }
        return TrainingCheckpoint(model: model, parameters: params, optimizerState: optim, epochsDone: done,
                                  configJSON: metadata["config"] ?? "{}", historyJSON: metadata["history"] ?? "[]")
    }
}

extension TrainingCheckpoint {
    /// The checkpoint a `--resume` run continues from, checked to hold `model`.
    public static func readForResume(from url: URL, model: String) throws -> TrainingCheckpoint {
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.nothingToResume(url.path) }
        let checkpoint = try read(from: url)
        guard checkpoint.model == model else {
            throw CheckpointError.otherModel(path: url.path, found: checkpoint.model, expected: model)
        }
        try ParameterValues.validate(checkpoint.parameters, source: url.path)
        return checkpoint
    }
}

public enum CheckpointError: LocalizedError, Equatable {
    case nothingToResume(String)
    case notATrainingCheckpoint(String)
    case otherModel(path: String, found: String, expected: String)
    /// Training produced NaN or infinite weights; the checkpoint on disk (if any) was kept.
    case divergedWeights(path: String, parameter: String, done: String, lastGood: String)

    public var errorDescription: String? {
        switch self {
        case .nothingToResume(let p):
            return "no checkpoint at \(p) to resume; run without --resume first"
        case .notATrainingCheckpoint(let p):
            return "\(p) is a safetensors file without dqss training metadata; pass a checkpoint written by `dqss train`"
        case .otherModel(let p, let found, let expected):
            return "\(p) holds a '\(found)' model, not '\(expected)'; pick the matching --model or checkpoint"
        case .divergedWeights(let p, let parameter, let done, let lastGood):
            return "training diverged: after \(done) '\(parameter)' holds NaN, infinite or absurdly large values; \(p) keeps \(lastGood); lower --lr and rerun (or --resume)"
        }
    }
}

extension TrainingCheckpoint {
    /// History lines as JSON; NaN and infinite metrics are spelled out (see `NonFiniteJSON`),
    /// so a diverged epoch or a flat validation photo never stops the checkpoint from being written.
    public static func historyJSON<Record: Encodable>(_ history: [Record]) -> String {
        // Plain records of numbers cannot fail to encode once non-finite values are strings.
        String(decoding: (try? NonFiniteJSON.encoder().encode(history)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The history stored by `historyJSON`, or empty when it is unreadable.
    public func history<Record: Decodable>(of type: Record.Type) -> [Record] {
        (try? NonFiniteJSON.decoder().decode([Record].self, from: Data(historyJSON.utf8))) ?? []
    }

    /// Whether these weights may replace the last checkpoint: a diverged run (weights that are NaN,
    /// infinite or beyond what any load accepts) must not overwrite the last good one.
    public static func refuseDiverged(_ parameters: [String: Tensor], path: URL, doneLabel: String, lastGood: String) throws {
        do {
            try ParameterValues.validate(parameters, source: path.path)
        } catch let error as ParameterValueError {
            throw CheckpointError.divergedWeights(path: path.path, parameter: error.parameter, done: doneLabel, lastGood: lastGood)
        }
    }
}
