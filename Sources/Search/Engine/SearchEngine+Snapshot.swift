import Foundation
import Tensor
import NeuralNet

extension SearchEngine {
    public func snapshot() -> SearchSnapshot {
        let tau = config.temperature(at: max(0, step - 1))
        let probabilities = supernet.probabilities(temperature: tau)
        let derived = supernet.derived(temperature: tau), strategy = final ?? derived
        let layers = supernet.layers.enumerated().map { l, name in
            SearchSnapshot.LayerState(name: name,
                                      weightLogits: supernet.graph.parameters["\(name).weight_logits"]!.scalars,
                                      activationLogits: supernet.graph.parameters["\(name).act_logits"]!.scalars,
                                      probabilities: probabilities[l], pin: pins[l], candidates: candidates[name]!,
                                      bits: candidates[name]!.bits(weight: strategy.weight[l], activation: strategy.activation[l]))
        }
        return SearchSnapshot(model: config.model, weightsSHA256: fingerprint, configuration: config, step: step,
                              temperature: tau, weightCandidates: config.weightCandidateNames,
                              activationCandidates: config.activationCandidateNames, layers: layers,
                              derived: derived, final: final,
                              optimizerState: optimizer.state.mapValues(\.scalars), lossHistory: lossHistory,
                              evaluations: evaluations, finished: final != nil, lagrangeMultiplier: constraint?.multiplier.value)
    }

    /// Writes a snapshot; a failure is reported as a message and returns false.
    @discardableResult
    func writeSnapshot(to url: URL, emit: Emit) -> Bool {
        snapshotFailure(writing: url, emit: emit) == nil
    }

    /// Writes a snapshot; on failure emits a message and returns `.snapshotNotWritten`.
    func snapshotFailure(writing url: URL, emit: Emit) -> Outcome? {
        do {
            var s = snapshot()
            // The sidecar first: a snapshot never names a file that is not there.
            try s.writeRoundedWeights(besides: url)
            try s.write(to: url)
            emit(.snapshotWritten(path: url.relativePath))
            return nil
        } catch {
            emit(.message("snapshot not written: \(error.localizedDescription)"))
            return .snapshotNotWritten(path: url.path, reason: SnapshotError.cause(of: error))
        }
    }

    /// Continues from a snapshot of the same model and configuration.
    mutating func restore(_ s: SearchSnapshot) throws {
        guard s.layers.map(\.name) == supernet.layers else { throw SnapshotError.corrupt(snapshotURL.path) }
        for (l, layer) in s.layers.enumerated() {
            supernet.graph.parameters["\(layer.name).weight_logits"] = Tensor(shape: [layer.weightLogits.count], scalars: layer.weightLogits)
            supernet.graph.parameters["\(layer.name).act_logits"] = Tensor(shape: [layer.activationLogits.count], scalars: layer.activationLogits)
            pins[l] = layer.pin
            applyPin(l)
        }
        var state: [String: Tensor] = [:]
        for (k, v) in s.optimizerState { state[k] = Tensor(shape: k.hasSuffix(".t") ? [] : [v.count], scalars: v) }
        optimizer.state = state
        if let value = s.lagrangeMultiplier { constraint?.multiplier.value = value }
        step = s.step
        lossHistory = s.lossHistory
        evaluations = s.evaluations
    }
}
