import ArgumentParser
import Foundation
import NeuralNet
import ONNX
import Training

/// Which model, and which trained weights for it.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model"),
            help: "Model name (see `dqss models`) or an ONNX file; default: resnet20, or the model a --strategy/--resume snapshot names.",
            completion: .list(ModelZoo.names))
    var modelFlag: String?
    @Option(help: "Trained weights (safetensors); default: the shipped models/MODEL.safetensors (see DQSS_HOME).",
            completion: .file(extensions: ["safetensors"]))
    var checkpoint: String?
    @Option(help: "Height and width to run an ONNX model whose image size is dynamic at, e.g. 224,224.")
    var inputSize: ImageSizeArgument?
    @Option(help: "Pixels of input padding per side for a super-resolution ONNX model whose convolutions are unpadded (output smaller than scale × input); inferred when omitted.")
    var srPad: Int?
    @Option(help: "How that padding fills the border: edge, reflect or constant (zeros). Default: edge.")
    var srPadMode: InputPadding.Mode?

    var model: String { modelFlag ?? "resnet20" }

    /// --checkpoint as given, or the shipped weights of the model wherever dqss is installed.
    var checkpointPath: String {
        get throws {
            if let checkpoint { return checkpoint }
            return try AssetLocator.shared.locate("models/\(model).safetensors", what: "trained weights for \(model)",
                                                  instead: "pass --checkpoint FILE (`dqss train --model \(model)` makes one)").path
        }
    }

    /// The model with its trained weights loaded.
    func loadTrained() throws -> (entry: ModelZoo.Entry, graph: Graph) {
        if model.lowercased().hasSuffix(".onnx") { return try loadONNX() }
        let entry = try ModelZoo.entry(model)
        var graph = try entry.build(0)
        let path = try checkpointPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no weights at \(path); train them with `dqss train --model \(entry.name)` or pass --checkpoint FILE")
        }
        let (tensors, metadata) = try SafeTensors.read(URL(fileURLWithPath: path))
        if let stored = metadata["model"], stored != entry.name {
            throw CLIError("\(path) holds weights for '\(stored)', not '\(entry.name)'; pass the matching --model")
        }
        try graph.loadParameters(tensors)
        try ParameterValues.validate(graph.parameters, source: path)
        return (entry, graph)
    }

    /// An imported ONNX model (its weights are inside the file; --checkpoint is
    /// not used): a classifier of [N, C, H, W] images ([N, classes] out), or a
    /// super-resolution model mapping RGB [N, 3, H, W] in [0, 1] to [N, 3, s·H, s·W]
    /// (with input padding when its convolutions are unpadded).
    func loadONNX() throws -> (entry: ModelZoo.Entry, graph: Graph) {
        let url = URL(fileURLWithPath: model)
        let file = try ONNXModel.read(url)
        let imported = try ONNXImporter.importGraph(file, name: url.deletingPathExtension().lastPathComponent,
                                                    inputSize: inputSize.map { ($0.height, $0.width) })
        try ParameterValues.validate(imported.parameters, source: model)
        let graph = try paddedForSuperResolution(imported, file: file)
        // Shapes per sample in the engine's channels-last order; the message names ONNX's NCHW.
        let input = graph.inputShape, output = graph.outputShape
        let summary = "imported from \(model)"
        if output.count == 1, input.count == 3, output[0] > 0 {
            return (ModelZoo.Entry(name: graph.name, task: .classification, summary: summary, scale: 1, build: { _ in graph }), graph)
        }
        if input.count == 3, output.count == 3, input[2] == 3, output[2] == 3, input[0] > 0 {
            let scale = output[0] / input[0]
            if (2...4).contains(scale), output[0] == scale * input[0], output[1] == scale * input[1] {
                return (ModelZoo.Entry(name: graph.name, task: .superResolution, summary: summary, scale: scale,
                                       build: { _ in graph }), graph)
            }
        }
        throw CLIError("\(model): dqss searches ONNX classifiers of [N, C, H, W] images ([N, classes] out) and super-resolution models of RGB [N, 3, H, W] → [N, 3, s·H, s·W] (s = 2, 3, 4); this one maps \(ONNXImporter.nchw(input)) to \(ONNXImporter.nchw(output))")
    }

    /// An image-to-image graph whose output falls short of scale × input, read
    /// through the padding given (--sr-pad) or inferred; other graphs as they are.
    /// A file fixed at H×W takes images 2·pad smaller, so its layers keep their sizes.
    func paddedForSuperResolution(_ graph: Graph, file: ONNXModel) throws -> Graph {
        let input = graph.inputShape, output = graph.outputShape
        let flags = srPad != nil || srPadMode != nil
        guard input.count == 3, output.count == 3, input[2] == 3, output[2] == 3 else {
            if flags {
                throw CLIError("--sr-pad and --sr-pad-mode apply to super-resolution models; \(model) maps \(ONNXImporter.nchw(input)) to \(ONNXImporter.nchw(output)), drop them")
            }
            return graph
        }
        // Only an upscaler is measured: another image-to-image model gets the error that says what is accepted.
        let exact = (2...4).contains { output[0] == $0 * input[0] && output[1] == $0 * input[1] }
        if exact && srPad == nil || !flags && (output[0] <= input[0] || output[1] <= input[1]) {
            if flags { throw CLIError("--sr-pad-mode is not needed: \(model)'s output is already a whole multiple of its input; drop it") }
            return graph
        }
        if let srPad, srPad < 1 || srPad > 256 { throw CLIError("--sr-pad \(srPad): give a padding of 1 to 256 pixels per side") }
        guard let pixels = try SRInputPadding.pixels(for: graph, given: srPad) else { return graph }
        let padding = InputPadding(pixels: pixels, mode: srPadMode ?? .edge)
        let declared = try ONNXImporter.declaredInput(of: file).shape
        let fixed = declared.allSatisfy { $0 != nil }
        let shape = fixed ? [input[0] - 2 * pixels, input[1] - 2 * pixels, input[2]] : input
        guard shape[0] >= 1, shape[1] >= 1 else {
            throw CLIError("\(model) is fixed at \(input[0])×\(input[1]), too small for --sr-pad \(pixels)")
        }
        let padded = try graph.paddingInput(padding, inputShape: shape)
        let how = srPad == nil ? ", inferred from its unpadded convolutions" : ""
        FileHandle.standardError.write(Data("note: \(model): input padded by \(pixels) pixels per side (\(padding.mode.rawValue))\(how); exports leave the model as it is and record the padding as metadata \(ONNXModel.inputPaddingKey) = \(padding.description)\n".utf8))
        return padded
    }
}
