import ArgumentParser
import Foundation
import NeuralNet
import Search
import ONNX
import Datasets

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
            --format encodings: with --strategy, a JSON file of bits, scales and zero points per tensor.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case onnx
        case onnxQDQ = "onnx-qdq"
        case encodings
    }

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "A post-training search snapshot whose strategy to export (needed for onnx-qdq and encodings); it names the model and weights.",
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
            let (supernet, label) = try Self.quantized(graph, entry: entry, snapshotPath: path)
            if let data = try SearchSnapshot.read(from: URL(fileURLWithPath: path), for: entry.name, graph: graph).configuration.data {
                print("inputs as the search preprocessed them (NCHW in the ONNX file): \(data.preprocessing.summary)")
            }
            let (model, encodings) = try ONNXExporter.export(supernet.graph)
            if format == .onnxQDQ {
                try model.write(to: url)
                print("wrote \(output): \(entry.name) \(label), QDQ, opset 13")
            } else {
                try ONNXQuantEncodings(model: entry.name, strategy: label, tensors: encodings).write(to: url)
                print("wrote \(output): \(encodings.count) tensors of \(entry.name) \(label)")
            }
        }
    }

    /// The folded float graph with the snapshot's strategy applied to its calibrated candidates.
    static func quantized(_ graph: Graph, entry: ModelZoo.Entry, snapshotPath path: String) throws -> (Supernet, String) {
        let snapshot = try SearchSnapshot.read(from: URL(fileURLWithPath: path), for: entry.name, graph: graph)
        var candidates: [String: LayerCandidates] = [:]
        for layer in snapshot.layers {
            guard let c = layer.candidates else {
                throw CLIError("\(path) is a quantization-aware search (no calibrated candidates); export needs a post-training search snapshot")
            }
            candidates[layer.name] = c
        }
        var folded = graph
        try folded.foldBatchNorms()
        var supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
        supernet.apply(snapshot.strategy)
        let which = snapshot.final != nil ? "final" : "derived at step \(snapshot.step)"
        return (supernet, "\(snapshot.configuration.bits) \(which) strategy from \(URL(fileURLWithPath: path).lastPathComponent)")
    }
}
