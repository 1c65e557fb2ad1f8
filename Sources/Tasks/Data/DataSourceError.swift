import Foundation

/// Data that cannot be used for the model at hand.
public enum DataSourceError: Error, LocalizedError, Equatable, Sendable {
    case missing(String)
    case unknownFile(String)
    /// The model's per-sample input shape and what the data or preprocessing makes, both [H, W, C].
    case shapeMismatch(source: String, data: [Int], model: [Int])
    case channelMismatch(source: String, data: Int, model: Int)
    case labelsBeyondOutputs(source: String, classes: Int, outputs: Int)
    case noTensor(file: String, reason: String)
    case labelCount(file: String, labels: Int, inputs: Int)
    case notLabels(file: String)
    case notClassifier(shape: [Int])

    public var errorDescription: String? {
        switch self {
        case let .missing(path):
            return "no data at \(path): pass --data with an image folder, a folder of IDX files, or a .npy/.safetensors file"
        case let .unknownFile(path):
            return "\(path) is a file dqss does not read as data: pass a folder of images or IDX files, or a .npy/.safetensors tensor"
        case let .shapeMismatch(source, data, model):
            return "\(source) gives inputs of shape \(data) (H, W, C), but the model takes \(model): make the preprocessing or the data fit the model"
        case let .channelMismatch(source, data, model):
            return "\(source) gives \(data)-channel inputs, but the model takes \(model) channel\(model == 1 ? "" : "s"): pass a --preprocess (or --mean/--std) with \(model) channel\(model == 1 ? "" : "s"), or data made for this model"
        case let .labelsBeyondOutputs(source, classes, outputs):
            return "\(source) has \(classes) classes, but the model has only \(outputs) outputs: use data with at most \(outputs) classes"
        case let .noTensor(file, reason):
            return "\(file): \(reason)"
        case let .labelCount(file, labels, inputs):
            return "\(file) has \(labels) labels for \(inputs) inputs: give one label per input"
        case let .notLabels(file):
            return "\(file): labels must be non-negative whole numbers"
        case let .notClassifier(shape):
            return "the model's output per sample is \(shape), not [classes]: this data is for classifiers"
        }
    }
}
