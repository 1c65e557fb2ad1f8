import Foundation
import Tensor
import NeuralNet

/// ONNX Runtime through the repository's Python helpers (installed into
/// .build/pip by scripts/onnx/setup.sh, which `make test` runs first).
enum PythonRuntime {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @discardableResult
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONPATH"] = root.appendingPathComponent(".build/pip").path
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether onnx and onnxruntime import (if not, the runtime checks are skipped).
    static let available: Bool = run(["-c", "import onnx, onnxruntime, numpy"]).status == 0

    /// Fixtures from scripts/onnx/make_fixtures.py, built once per test run.
    static let fixtures: URL? = {
        guard available else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-onnx-fixtures-\(getpid())")
        let r = run([root.appendingPathComponent("scripts/onnx/make_fixtures.py").path, dir.path])
        return r.status == 0 ? dir : nil
    }()

    static let fixtureNames = ["classifier", "gemm_matmul", "gemm_transposes", "gemm_column_batch1", "residual", "pad_conv", "depth_to_space_crd",
                               "depth_to_space_dcr", "resize", "conv_transpose", "legacy_opset9", "tf_same_padding",
                               "pad_slice_resize", "opset11_forms"] + resizeModes

    /// One fixture per Resize form of make_fixtures.py's RESIZE_MODES.
    static let resizeModes = ["resize_linear_align_corners", "resize_linear_asymmetric", "resize_linear_pytorch_half_pixel_down",
                              "resize_linear_half_pixel_fractional", "resize_nearest_half_pixel_floor",
                              "resize_nearest_asymmetric_prefer_ceil", "resize_nearest_align_corners",
                              "resize_nearest_tf_half_pixel_ceil", "resize_nearest_pytorch_half_pixel_down",
                              "resize_linear_axes_opset18", "resize_nearest_opset10_down"]

    /// Output of `model` in ONNX Runtime on `input`. Image tensors cross in
    /// the engine's NHWC layout and are NCHW on ONNX Runtime's side, unless
    /// the model takes NHWC itself (`channelsLast`).
    static func infer(model: URL, input engineInput: Tensor, channelsLast: Bool = false) throws -> Tensor {
        try runORT(model: model, input: channelsLast ? engineInput : onnxLayout(engineInput), output: "y.npy") {
            engineLayout(try NPY.read($0))
        }
    }

    /// Every node's float output of `model` in ONNX Runtime on `input`, by
    /// tensor name (engine layout), for layer-by-layer comparisons.
    static func inferEveryNode(model: URL, input engineInput: Tensor) throws -> [String: Tensor] {
        try runORT(model: model, input: onnxLayout(engineInput), output: "nodes", flags: ["--every-node"]) { dir in
            let names = try String(contentsOf: dir.appendingPathComponent("names.txt"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            var values: [String: Tensor] = [:]
            for (i, name) in names.enumerated() {
                values[name] = engineLayout(try NPY.read(dir.appendingPathComponent("\(i).npy")))
            }
            return values
        }
    }

    /// Runs scripts/onnx/run_ort.py on `input` (already in the model's layout)
    /// in a temporary folder, and reads its `output` (a file or folder in it)
    /// before the folder is removed.
    private static func runORT<T>(model: URL, input: Tensor, output: String, flags: [String] = [],
                                  read: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-ort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("x.f32"), outURL = dir.appendingPathComponent(output)
        try input.scalars.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: inURL)
        let r = run([root.appendingPathComponent("scripts/onnx/run_ort.py").path] + flags
                    + [model.path, inURL.path, input.shape.map(String.init).joined(separator: ","), outURL.path])
        guard r.status == 0 else { throw RuntimeFailure(message: r.output) }
        return try read(outURL)
    }

    /// NCHW (files, ONNX Runtime) → NHWC (the engine) for rank-4 tensors.
    static func engineLayout(_ t: Tensor) -> Tensor { t.rank == 4 ? t.nchwToNHWC() : t }

    /// NHWC → NCHW for rank-4 tensors.
    static func onnxLayout(_ t: Tensor) -> Tensor { t.rank == 4 ? t.nhwcToNCHW() : t }

    struct RuntimeFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "ONNX Runtime failed: \(message)" }
    }
}

/// max |a − b| over max(1, max |b|): the fixtures' "relative to output scale" error.
func scaledDifference(_ a: Tensor, _ reference: Tensor) -> Float {
    precondition(a.count == reference.count, "sizes differ: \(a.shape) vs \(reference.shape)")
    var worst: Float = 0, scale: Float = 1
    for i in 0..<a.count {
        worst = max(worst, abs(a.scalars[i] - reference.scalars[i]))
        scale = max(scale, abs(reference.scalars[i]))
    }
    return worst / scale
}
