import Foundation
import Tensor
import NeuralNet
import Quantization

/// Learned-rounding weights of a post-training snapshot live in its tensor
/// sidecar ("rounded-weight/LAYER/J" for weight candidate J of LAYER), so
/// `eval`, `export` and `--resume` use the very tensors the search chose among.
extension SearchSnapshot {
    static let roundedWeightPrefix = "rounded-weight/"

    static func roundedWeightName(layer: String, candidate j: Int) -> String {
        "\(roundedWeightPrefix)\(layer)/\(j)"
    }

    /// Every learned weight of the layers' candidates, by sidecar name.
    var roundedWeights: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for layer in layers {
            for (j, t) in layer.candidates?.roundedWeights ?? [:] { out[Self.roundedWeightName(layer: layer.name, candidate: j)] = t }
        }
        return out
    }

    /// Writes the sidecar beside `url` when any candidate has learned weights, and records it.
    mutating func writeRoundedWeights(besides url: URL) throws {
        let tensors = roundedWeights
        guard configuration.mode == .ptq, !tensors.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SnapshotError.cannotWrite(url.path, error.localizedDescription)
        }
        sidecar = try SnapshotSidecar.write(tensors, metadata: ["model": model, "step": String(step)], besides: url)
    }

    /// Puts the sidecar's learned weights back into the candidates, each checked
    /// against the layer it names: its shape, finite values on the candidate's grid.
    mutating func loadRoundedWeights(besides url: URL, graph: Graph) throws {
        guard configuration.mode == .ptq, let record = sidecar else { return }
        let tensors = try record.read(besides: url)
        let path = url.deletingLastPathComponent().appendingPathComponent(record.file).path
        let index = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1.name, $0) })
        for (name, tensor) in tensors {
            guard name.hasPrefix(Self.roundedWeightPrefix), let slash = name.lastIndex(of: "/"),
                  let j = Int(name[name.index(after: slash)...]) else { throw SidecarError.corrupt(path) }
            let layerName = String(name[name.index(name.startIndex, offsetBy: Self.roundedWeightPrefix.count)..<slash])
            guard let l = index[layerName], var candidates = layers[l].candidates,
                  let w = graph.parameters["\(layerName).weight"] else {
                throw SidecarError.otherModel(path, "\(name) names no layer of this model")
            }
            let methods = configuration.weightMethods
            guard candidates.weight.indices.contains(j), methods.indices.contains(j), methods[j].rounding != .nearest else {
                throw SidecarError.otherModel(path, "\(name) names no learned-rounding candidate of \(layerName)")
            }
            guard tensor.shape == w.shape else {
                throw SidecarError.otherModel(path, "\(name) is \(tensor.shape), the layer's weight is \(w.shape)")
            }
            guard tensor.isFinite, FakeQuant.forward(tensor, candidates.weight[j]) == tensor else {
                throw SidecarError.otherModel(path, "\(name) does not lie on the grid of candidate \(methods[j])")
            }
            candidates.roundedWeights[j] = tensor
            layers[l].candidates = candidates
        }
    }
}
