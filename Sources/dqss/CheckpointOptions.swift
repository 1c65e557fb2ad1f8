import ArgumentParser
import Foundation
import NeuralNet
import ONNX

/// Which model, and which trained weights for it.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model name (see `dqss models`).") var model: String = "resnet20"
    @Option(help: "Trained weights (safetensors); default: Assets/models/MODEL.safetensors.")
    var checkpoint: String?

    var checkpointPath: String { checkpoint ?? "Assets/models/\(model).safetensors" }

    /// The model with its trained weights loaded.
    func loadTrained() throws -> (entry: ModelZoo.Entry, graph: Graph) {
        if model.lowercased().hasSuffix(".onnx") { return try loadONNX() }
        let entry = try ModelZoo.entry(model)
        var graph = try entry.build(0)
        let path = checkpointPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no weights at \(path); train them with `dqss train --model \(entry.name)` or pass --checkpoint FILE")
        }
        let (tensors, metadata) = try SafeTensors.read(URL(fileURLWithPath: path))
        if let stored = metadata["model"], stored != entry.name {
            throw CLIError("\(path) holds weights for '\(stored)', not '\(entry.name)'; pass the matching --model")
        }
        try graph.loadParameters(tensors)
        if let bad = graph.parameters.first(where: { !$0.value.isFinite }) {
            throw CLIError("\(path) has NaN or infinite values in '\(bad.key)'; retrain or pick an earlier checkpoint")
        }
        return (entry, graph)
    }

    /// An imported ONNX classifier (its weights are inside the file; --checkpoint is not used).
    func loadONNX() throws -> (entry: ModelZoo.Entry, graph: Graph) {
        let graph = try ONNXImporter.importGraph(contentsOf: URL(fileURLWithPath: model))
        guard graph.outputShape.count == 1, graph.inputShape == [1, 28, 28] else {
            throw CLIError("\(model): dqss searches ONNX classifiers of [N, 1, 28, 28] images with [N, classes] output; this one maps \(graph.inputShape) to \(graph.outputShape)")
        }
        let entry = ModelZoo.Entry(name: graph.name, task: .classification, summary: "imported from \(model)", scale: 1,
                                   build: { _ in graph })
        return (entry, graph)
    }
}
