import ArgumentParser
import Foundation
import NeuralNet
import Search
import ONNX
import Datasets
import Tasks

/// Writes a model or a searched strategy for deployment tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a model as ONNX, or a strategy as a QDQ ONNX model or an encodings file.",
        discussion: """
            --format onnx: the float model (batch norm kept as BatchNormalization).
            --format onnx-qdq: with --strategy, batch norm folded, QuantizeLinear/DequantizeLinear on each
              quantized layer's weight (int8, per channel on axis 0) and input activation (uint8/int8 with its
              zero point); grids below 8 bits are expressed by on-grid weights and a Clip to the b-bit range.
              A quantization-aware snapshot exports the network it trained (weights and learned LSQ steps or
              PACT clips from its sidecar), with the same data options the search used.
            --format encodings: with --strategy, a JSON file of bits, scales and zero points per tensor.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case onnx
        case onnxQDQ = "onnx-qdq"
        case encodings
    }

    @OptionGroup var modelOptions: ModelOptions
    /// A quantization-aware snapshot rebuilds its network on the training data's calibration batch
    /// before loading what it trained from the sidecar.
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "A search snapshot whose strategy to export (needed for onnx-qdq and encodings; it names the model and weights); for a quantization-aware search, the network it trained.",
            completion: .file(extensions: ["json"]))
    var strategy: String?
    @Option(name: .customLong("format"), help: "onnx, onnx-qdq or encodings (default: onnx-qdq with --strategy, onnx without).")
    var formatFlag: Format?
    @Option(name: [.customShort("o"), .customLong("output")],
            help: "File to write (default: beside the snapshot, its name with .onnx or .encodings.json; MODEL.onnx without one).")
    var outputFlag: String?

    var format: Format { formatFlag ?? (strategy != nil ? .onnxQDQ : .onnx) }

    func run() throws {
        let (entry, graph) = try strategy.map { try ModelOptions.loadTrained(following: $0, flags: modelOptions) }
            .map { ($0.entry, $0.graph) } ?? modelOptions.loadTrained()
        let output = outputFlag ?? strategy.map {
            URL(fileURLWithPath: $0).deletingPathExtension().appendingPathExtension(format == .encodings ? "encodings.json" : "onnx").relativePath
        } ?? "\(entry.name).onnx"
        let url = URL(fileURLWithPath: output)
        switch format {
        case .onnx:
            var g = graph
            g.name = entry.name
            try ONNXExporter.export(g).model.write(to: url)
            print("wrote \(output): \(entry.name), float, opset 13")
        case .onnxQDQ, .encodings:
            guard let path = strategy else {
                throw CLIError("--format \(format.rawValue) needs --strategy SNAPSHOT (from `dqss search`)")
            }
            let (quantized, label) = try self.quantized(graph, entry: entry, snapshotPath: path)
            if let data = try SearchSnapshot.read(from: URL(fileURLWithPath: path), for: entry.name, graph: graph).configuration.data {
                print("inputs as the search preprocessed them (NCHW in the ONNX file): \(data.preprocessing.summary)")
            }
            let (model, encodings) = try ONNXExporter.export(quantized)
            if format == .onnxQDQ {
                try model.write(to: url)
                print("wrote \(output): \(entry.name) \(label), QDQ, opset 13")
            } else {
                try ONNXQuantEncodings(model: entry.name, strategy: label, tensors: encodings).write(to: url)
                print("wrote \(output): \(encodings.count) tensors of \(entry.name) \(label)")
            }
        }
    }

    /// The deployable graph of a snapshot: a post-training strategy applied to the folded float
    /// graph's calibrated candidates, or the network a quantization-aware search trained.
    func quantized(_ graph: Graph, entry: ModelZoo.Entry, snapshotPath path: String) throws -> (Graph, String) {
        let url = URL(fileURLWithPath: path)
        let snapshot = try SearchSnapshot.read(from: url, for: entry.name, graph: graph)
        let which = snapshot.final != nil ? "final" : "derived at step \(snapshot.step)"
        let label = "\(snapshot.configuration.bitsLabel) \(which) strategy from \(url.lastPathComponent)"
        if snapshot.configuration.mode == .qat {
            let c = snapshot.configuration
            // The data the search recorded (its preprocessing included) rebuilds the same network.
            guard let task = try dataOptions.searchTask(for: entry, graph: graph, recorded: c.data, calibration: c.calibrationImages,
                                                        seed: c.seed).task as? any TrainableTask else {
                throw CLIError("\(path) is a quantization-aware snapshot, which dqss makes for classifiers only")
            }
            let trained = try QATSearch.trainedGraph(config: c, model: graph, task: task, snapshot: snapshot, url: url,
                                                     strategy: snapshot.strategy)
            do {
                return (try QATDeployment.graph(from: trained), "QAT " + label)
            } catch let failure as QATDeployment.Failure {
                throw CLIError("cannot export \(path): \(failure)")
            }
        }
        var candidates: [String: LayerCandidates] = [:]
        for layer in snapshot.layers {
            guard let c = layer.candidates else { throw CLIError("\(path): layer \(layer.name) has no calibrated candidates") }
            candidates[layer.name] = c
        }
        var folded = graph
        try folded.foldBatchNorms()
        var supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
        supernet.apply(snapshot.strategy)
        return (supernet.graph, label)
    }
}
