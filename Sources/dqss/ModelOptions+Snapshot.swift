import Foundation
import NeuralNet
import Search

/// A snapshot is enough: the model, its file and its weights come from the snapshot, and a
/// flag that is given still wins — but a flag that names another model or other weights than
/// the snapshot's is an error naming both.
extension ModelOptions {
    /// Where this model came from, as a snapshot records it (absolute paths).
    var source: ModelSource {
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        if model.lowercased().hasSuffix(".onnx") {
            return ModelSource(onnxFile: absolute(model), srPad: srPad, srPadMode: srPadMode?.rawValue)
        }
        return ModelSource(checkpoint: checkpoint.map(absolute))
    }

    /// These options with what they leave open taken from `snapshot` (read from `path`).
    func following(_ snapshot: SearchSnapshot, path: String) throws -> ModelOptions {
        var options = self
        let recorded = snapshot.configuration.source
        if let flag = modelFlag {
            if !flag.lowercased().hasSuffix(".onnx") && recorded?.onnxFile == nil && flag != snapshot.model {
                throw CLIError("--model \(flag) does not match \(path), a search of \(snapshot.model); drop --model or pass --model \(snapshot.model)")
            }
        } else if let file = recorded?.onnxFile {
            guard FileManager.default.fileExists(atPath: file) else {
                throw CLIError("\(path) is a search of the ONNX model \(file), which is gone; pass --model FILE with the same model (weights SHA-256 \(snapshot.weightsSHA256.prefix(16))…)")
            }
            options.modelFlag = file
        } else {
            options.modelFlag = snapshot.model
        }
        if options.srPad == nil { options.srPad = recorded?.srPad }
        if options.srPadMode == nil { options.srPadMode = recorded?.srPadMode.flatMap(InputPadding.Mode.init(rawValue:)) }
        if checkpoint == nil, !options.model.lowercased().hasSuffix(".onnx"), let file = recorded?.checkpoint {
            guard FileManager.default.fileExists(atPath: file) else {
                throw CLIError("\(path) was made with the weights in \(file), which are gone; pass --checkpoint FILE with the same weights (SHA-256 \(snapshot.weightsSHA256.prefix(16))…)")
            }
            options.checkpoint = file
        }
        return options
    }

    /// The model of the snapshot at `path` (flags override), its weights checked to be the snapshot's.
    static func loadTrained(following path: String, flags: ModelOptions) throws
        -> (options: ModelOptions, entry: ModelZoo.Entry, graph: Graph) {
        let snapshot = try SearchSnapshot.read(from: URL(fileURLWithPath: path))
        let options = try flags.following(snapshot, path: path)
        let (entry, graph) = try options.loadTrained()
        guard entry.name == snapshot.model else {
            throw CLIError("--model \(options.model) is '\(entry.name)', but \(path) is a search of '\(snapshot.model)'; drop --model or pass the snapshot of this model")
        }
        guard graph.weightsFingerprint == snapshot.weightsSHA256 else {
            let weights = options.model.lowercased().hasSuffix(".onnx") ? options.model : try options.checkpointPath
            let made = snapshot.configuration.source?.onnxFile ?? snapshot.configuration.source?.checkpoint ?? "the weights dqss ships"
            throw CLIError("the weights in \(weights) (SHA-256 \(graph.weightsFingerprint.prefix(16))…) are not those \(path) was made with (\(made), SHA-256 \(snapshot.weightsSHA256.prefix(16))…); pass the --checkpoint it was made with")
        }
        return (options, entry, graph)
    }
}
