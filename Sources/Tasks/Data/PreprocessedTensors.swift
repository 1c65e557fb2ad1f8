import Foundation
import Tensor
import NeuralNet

/// Already-preprocessed inputs [N, C, H, W] (ONNX's layout) from a `.npy`
/// file (labels from an optional second `.npy`) or a safetensors file (the
/// inputs as "inputs" or its only tensor, labels as "labels").
public struct PreprocessedTensors: Sendable {
    /// [N, H, W, C]: the engine's layout.
    public let inputs: Tensor
    public let labels: [Int32]?

    public init(file: String, labels labelFile: String? = nil) throws {
        let url = URL(fileURLWithPath: file)
        var raw: Tensor
        var labelTensor: Tensor?
        if file.lowercased().hasSuffix(".npy") {
            raw = try NPY.read(url)
        } else {
            let (tensors, _) = try SafeTensors.read(url)
            labelTensor = tensors["labels"]
            let candidates = tensors.filter { $0.key != "labels" }
            guard let chosen = candidates["inputs"] ?? (candidates.count == 1 ? candidates.values.first : nil) else {
                throw DataSourceError.noTensor(file: file, reason: "name the input tensor \"inputs\" (and the labels \"labels\"); it holds \(tensors.keys.sorted().prefix(8).joined(separator: ", "))")
            }
            raw = chosen
        }
        if let labelFile { labelTensor = try NPY.read(URL(fileURLWithPath: labelFile)) }
        guard raw.rank == 4, raw.shape.allSatisfy({ $0 > 0 }) else {
            throw DataSourceError.noTensor(file: file, reason: "inputs must be [N, C, H, W], got \(raw.shape)")
        }
        inputs = raw.nchwToNHWC()
        if let labelTensor {
            let source = labelFile ?? file
            guard labelTensor.rank == 1 else { throw DataSourceError.notLabels(file: source) }
            guard labelTensor.count == raw.shape[0] else {
                throw DataSourceError.labelCount(file: source, labels: labelTensor.count, inputs: raw.shape[0])
            }
            guard labelTensor.scalars.allSatisfy({ $0 >= 0 && $0 < Float(Int32.max) && $0.rounded() == $0 }) else {
                throw DataSourceError.notLabels(file: source)
            }
            labels = labelTensor.scalars.map { Int32($0) }
        } else {
            labels = nil
        }
    }
}
