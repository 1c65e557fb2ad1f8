import Foundation
import Testing
import Tensor
import NeuralNet
import Datasets

/// dqss's resize and centre crop against torchvision's on PIL images (Pillow
/// and numpy from .build/pip, installed by scripts/onnx/setup.sh): within
/// 1/255 per sample on the committed photographs.
@Suite(.enabled(if: PillowReference.available, "Pillow is not installed: run scripts/onnx/setup.sh (needs PyPI)"))
struct PreprocessingReferenceTests {
    static let root = PillowReference.root

    static func python(_ arguments: [String]) -> Int32 { PillowReference.python(arguments) }

    @Test("resize (shorter side or exact) and centre crop match Pillow + torchvision within 1/255",
          arguments: [("astronaut.png", 256, 224, 224), ("chelsea.png", 256, 224, 224), ("camera.png", 160, 128, 128),
                      ("chelsea.png", 0, 96, 128), ("coffee.png", 72, 64, 64)])
    func matchesPillow(_ name: String, _ side: Int, _ height: Int, _ width: Int) throws {
        let image = Self.root.appendingPathComponent("Assets/photos/\(name)")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-pil-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: out) }
        let status = Self.python([Self.root.appendingPathComponent("scripts/data/pil_preprocess.py").path, image.path,
                                  String(side), String(height), String(width), out.path])
        try #require(status == 0, "the Pillow reference failed on \(name)")
        let reference = try NPY.read(out)
        let p = try ImagePreprocessing(resize: side > 0 ? .shorterSide(side) : .exact, height: height, width: width, channels: 3,
                                       mean: [0, 0, 0], std: [1, 1, 1])
        let ours = p.apply(to: try RGBImage(contentsOf: image))
        #expect(reference.shape == [height, width, 3])
        var worst: Float = 0
        for i in 0..<ours.count { worst = max(worst, abs(ours[i] - reference.scalars[i])) }
        #expect(worst <= 1.0 / 255 + 1e-6, "\(name): worst difference \(worst * 255)/255")
        // The comparison can fail: another crop offset is far off.
        let shifted = try ImagePreprocessing(resize: side > 0 ? .shorterSide(side + 16) : .exact, height: height, width: width,
                                             channels: 3, mean: [0, 0, 0], std: [1, 1, 1]).apply(to: try RGBImage(contentsOf: image))
        var far: Float = 0
        for i in 0..<shifted.count { far = max(far, abs(shifted[i] - reference.scalars[i])) }
        #expect(side == 0 || far > 4.0 / 255)
    }
}

/// Python with Pillow and numpy from .build/pip.
enum PillowReference {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func python(_ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONPATH"] = root.appendingPathComponent(".build/pip").path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static let available = python(["-c", "import PIL, numpy"]) == 0
}
