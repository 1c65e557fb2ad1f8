import Foundation
import Tensor
import NeuralNet
import ONNX

/// The CNN families of scripts/onnx/make_architecture_fixtures.py, written
/// once per test run at 64×64 (the architectures' real topology and widths).
enum ArchitectureFixtures {
    static let names = ["resnet18", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0", "shufflenet_v2",
                        "squeezenet1_1", "paddle_mobilenet_v3", "dynamic_flatten", "fpn_resize", "keras_classifier"]

    static let folder: URL? = {
        guard PythonRuntime.available else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-architectures-\(getpid())")
        let r = PythonRuntime.run([PythonRuntime.root.appendingPathComponent("scripts/onnx/make_architecture_fixtures.py").path, dir.path])
        return r.status == 0 ? dir : nil
    }()

    struct Fixture {
        var url: URL
        var input: Tensor
        var output: Tensor
        var quantizableLayers: Int
        var size: Int
        var dynamicSize: Bool
        /// The file takes [N, H, W, C] images (its input is already the engine's layout).
        var channelsLast: Bool
        /// A Flatten before the classifier ties the model to its image size.
        var fixedSize: Bool

        /// The model imported at its fixture size (given explicitly when the file leaves H, W dynamic).
        func graph() throws -> Graph {
            try ONNXImporter.importGraph(contentsOf: url, inputSize: dynamicSize ? (size, size) : nil)
        }
    }

    static func fixture(_ name: String) throws -> Fixture {
        guard let dir = folder else { throw PythonRuntime.RuntimeFailure(message: "make_architecture_fixtures.py failed") }
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(name).json"))) as? [String: Any] ?? [:]
        let channelsLast = info["channels_last"] as? Bool ?? false
        let input = try NPY.read(dir.appendingPathComponent("\(name).input.npy"))
        return Fixture(url: dir.appendingPathComponent("\(name).onnx"),
                       input: channelsLast ? input : PythonRuntime.engineLayout(input),
                       output: PythonRuntime.engineLayout(try NPY.read(dir.appendingPathComponent("\(name).output.npy"))),
                       quantizableLayers: info["quantizable_layers"] as? Int ?? -1,
                       size: info["size"] as? Int ?? 0,
                       dynamicSize: info["dynamic_hw"] as? Bool ?? false,
                       channelsLast: channelsLast, fixedSize: info["fixed_size"] as? Bool ?? false)
    }
}
