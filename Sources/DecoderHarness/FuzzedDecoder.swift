import Foundation
import Tensor
import NeuralNet
import Datasets
import Quantization
import Search
import ONNX

/// The file decoders dqss exposes to outside input, each driven the way the command line
/// uses it: decode, validate, then use the result. Bad input must end in a thrown error,
/// never a trap, a hang or a huge allocation. Shared by the libFuzzer targets (Fuzz/) and
/// the corpus replay in `make test`.
public enum FuzzedDecoder: String, CaseIterable, Sendable {
    case safetensors, npy, idx, onnx, snapshot

    /// Decodes and uses `bytes`; throws the decoder's typed error when the input is refused.
    public func run(_ bytes: Data) throws {
        switch self {
        case .safetensors:
            let (tensors, _) = try SafeTensors.decode(bytes)
            try ParameterValues.validate(tensors, source: "input")
            for (_, t) in tensors { try CalibrationInput.check(t, source: "input") }
        case .npy:
            let t = try NPY.decode(bytes)
            try CalibrationInput.check(t, source: "input")
            calibrate(t)
        case .idx:
            // The reader takes a path (zlib sniffs gzip): a per-process scratch file.
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-fuzz-idx-\(getpid())")
            try bytes.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let array = try IDXArray(contentsOf: url.path)
            _ = array.floats()
            if array.dimensions.count == 1 {
                // A label file: checked against a ten-class model, as `eval` does.
                let labels = try MNISTFormat.loadLabels(url.path)
                try LabeledImages.checkLabels(labels, classes: 10, source: "input")
            }
        case .onnx:
            let model = try ONNXModel.decode([UInt8](bytes))
            let graph = try ONNXImporter.importGraph(model, name: "input")
            try ParameterValues.validate(graph.parameters, source: "input")
            // One forward pass when the input is small enough to be a real model's.
            let shape = [1] + graph.inputShape
            let n = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            if n <= 1 << 16 {
                _ = graph.forward(Tensor(shape: shape, scalars: [Float](repeating: 0.5, count: n)))
            }
        case .snapshot:
            let snapshot = try SearchSnapshot.decode(bytes, path: "input")
            try snapshot.validate(against: Self.resnet20, path: "input")
        }
    }

    /// Every calibrator on a checked tensor, per tensor and per channel along axis 0.
    private func calibrate(_ t: Tensor) {
        for granularity in [QuantGranularity.perTensor] + (t.rank > 0 ? [.perChannel(axis: 0)] : []) {
            var statistics = CalibrationStatistics(granularity: granularity)
            statistics.observe(t)
            let spec = QuantSpec(bits: 4, signed: true, symmetric: true, granularity: granularity)
            for method in PTQMethod.allCases { _ = method.params(from: statistics, spec: spec) }
        }
    }

    /// The model snapshots are checked against (the committed corpus comes from ResNet-20 searches).
    static let resnet20: Graph = try! ResNet20.build(seed: 4)
}
