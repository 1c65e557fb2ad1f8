import Foundation
import Tensor
import NeuralNet
import Tasks

extension QATSearch {
    /// Prefixes of the sidecar's three groups of tensors.
    enum SidecarGroup: String, CaseIterable {
        case parameter = "parameter/", weightOptimizer = "sgd/", logitOptimizer = "adam/"
    }

    /// Everything the run has learned: the BN-folded network's weights and
    /// biases, quantizer parameters (LSQ steps, PACT clips), logits, and both
    /// optimizers' state — what a resume, an evaluation or an export needs.
    var trainedTensors: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (k, v) in graph.parameters { out[SidecarGroup.parameter.rawValue + k] = v }
        for (k, v) in weightOptimizer.state { out[SidecarGroup.weightOptimizer.rawValue + k] = v }
        for (k, v) in logitOptimizer.state { out[SidecarGroup.logitOptimizer.rawValue + k] = v }
        return out
    }

    /// Puts the trained tensors of a snapshot's sidecar back; fails with a
    /// one-line reason when the sidecar is missing, damaged, from another run
    /// or of another model.
    mutating func loadTrainedTensors(of snapshot: SearchSnapshot, at url: URL) throws {
        let sidecarURL = SnapshotSidecar.url(besides: url)
        guard let record = snapshot.sidecar else { throw SidecarError.missing(sidecarURL.path) }
        let tensors = try record.read(besides: url)
        let path = url.deletingLastPathComponent().appendingPathComponent(record.file).path
        var groups: [SidecarGroup: [String: Tensor]] = [:]
        for (name, tensor) in tensors {
            guard let group = SidecarGroup.allCases.first(where: { name.hasPrefix($0.rawValue) }) else {
                throw SidecarError.corrupt(path)
            }
            groups[group, default: [:]][String(name.dropFirst(group.rawValue.count))] = tensor
        }
        let parameters = groups[.parameter] ?? [:]
        guard Set(parameters.keys) == Set(graph.parameters.keys) else {
            let missing = Set(graph.parameters.keys).subtracting(parameters.keys).sorted().first
            throw SidecarError.otherModel(path, missing.map { "no tensor \($0)" } ?? "tensors this model does not have")
        }
        for (name, tensor) in parameters where tensor.shape != graph.parameters[name]!.shape {
            throw SidecarError.otherModel(path, "\(name) is \(tensor.shape), the model's is \(graph.parameters[name]!.shape)")
        }
        graph.parameters = parameters
        weightOptimizer.state = groups[.weightOptimizer] ?? [:]
        logitOptimizer.state = groups[.logitOptimizer] ?? [:]
    }

    /// Continues from a snapshot of this search: trained tensors, step, pins,
    /// loss history and, once fine-tuning has begun, the strategy it trains.
    mutating func restore(_ snapshot: SearchSnapshot, url: URL) throws {
        guard snapshot.configuration.mode == .qat, snapshot.layers.map(\.name) == layers,
              snapshot.step <= totalSteps else { throw SnapshotError.corrupt(url.path) }
        guard snapshot.model == config.model else {
            throw SnapshotError.otherModel(path: url.path, snapshotModel: snapshot.model, model: config.model)
        }
        guard snapshot.weightsSHA256 == fingerprint else { throw SnapshotError.otherWeights(path: url.path) }
        try loadTrainedTensors(of: snapshot, at: url)
        step = snapshot.step
        lossHistory = snapshot.lossHistory
        for (l, layer) in snapshot.layers.enumerated() { pins[l] = layer.pin }
        if fixed == nil, step > 0, phase(at: step - 1) == .fineTuning {
            // The pick made when fine-tuning began is in the snapshot's reports.
            let before = snapshot.evaluations.filter { $0.fineTuning == .before }
            guard let report = before.first(where: { $0.kind == .guardPick }) ?? before.first(where: { $0.kind == .derivedArgmax }),
                  let strategy = report.strategy else { throw SnapshotError.corrupt(url.path) }
            fineTunePick = (DerivationPick(source: report.source ?? .derivedArgmax, uniform: report.uniform, strategy: strategy,
                                           objective: report.calibrationObjective ?? .nan), before)
            chosen = strategy
        }
        select(chosen)
    }

    /// The trained network of a finished (or interrupted) snapshot with `strategy` fixed in every layer.
    public static func trainedGraph(config: SearchConfiguration, model: Graph, task: any TrainableTask,
                                    snapshot: SearchSnapshot, url: URL, strategy: Strategy) throws -> Graph {
        var search = try QATSearch(config: config, model: model, task: task, snapshotURL: url)
        try search.loadTrainedTensors(of: snapshot, at: url)
        search.pins = [:]
        for (l, layer) in snapshot.layers.enumerated() { search.pins[l] = layer.pin }
        search.select(strategy)
        return search.graph
    }
}
