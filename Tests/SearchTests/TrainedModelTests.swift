import Testing
import Foundation
import Tensor
import NeuralNet
import Datasets
import Quantization
import Training
import Search
import Tasks

/// Checks on the committed, trained checkpoints: they reproduce their cards,
/// and 8-bit quantization by every calibrator stays close to full precision.
@Suite("Trained classifiers", .serialized)
struct TrainedModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Test images 0..<n, normalised as in training.
    static func testSubset(_ n: Int) throws -> (train: LabeledImages, test: LabeledImages) {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, s = MNISTFormat.fashionMNISTStd
        return (train.subset(0..<2048).normalized(mean: m, std: s), test.subset(0..<n).normalized(mean: m, std: s))
    }

    static func trained(_ name: String) throws -> Graph? {
        let url = root.appendingPathComponent("Assets/models/\(name).safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var graph = try ModelZoo.entry(name).build(0)
        try graph.loadParameters(SafeTensors.read(url).tensors)
        return graph
    }

    @Test("Classifiers reproduce their cards on the first 1,000 test images", arguments: ["resnet20", "mobilenetv2"])
    func reproducesCard(_ name: String) throws {
        let graph = try #require(try Self.trained(name), "Assets/models/\(name).safetensors is not committed")
        let card = try String(contentsOf: Self.root.appendingPathComponent("Assets/models/\(name).md"), encoding: .utf8)
        let line = try #require(card.split(separator: "\n").first { $0.contains("first 1,000 test images") })
        let expected = try #require(Double(line.split(separator: "**")[1].replacingOccurrences(of: "%", with: "")))
        let (_, test) = try Self.testSubset(1000)
        let accuracy = 100 * ClassifierEvaluation.evaluate(graph, on: test).accuracy
        #expect(abs(accuracy - expected) < 0.05, "card says \(expected)%, measured \(accuracy)%")
    }

    @Test("Super-resolution checkpoints reproduce their cards' PSNR on the evaluation photos",
          arguments: ["edsr-x2", "edsr-x4", "srresnet-x4"])
    func reproducesSRCard(_ name: String) throws {
        let graph = try #require(try Self.trained(name), "Assets/models/\(name).safetensors is not committed")
        let card = try String(contentsOf: Self.root.appendingPathComponent("Assets/models/\(name).md"), encoding: .utf8)
        let line = try #require(card.split(separator: "\n").first { $0.hasPrefix("- PSNR(Y)") })
        let expected = try #require(Double(line.split(separator: "**")[1].replacingOccurrences(of: " dB", with: "")))
        let photos = try EvaluationPhotos.load(folder: Self.root.appendingPathComponent("Assets/photos").path)
        let summary = try SREvaluation.evaluate(graph, scale: try ModelZoo.entry(name).scale, photos: photos)
        #expect(abs(summary.meanPSNR - expected) < 0.01, "card says \(expected) dB, measured \(summary.meanPSNR) dB")
    }

    @Test("W8A8: every calibrator pair stays within 0.5 points of FP", arguments: ["resnet20", "mobilenetv2"])
    func eightBitIsNearlyLossless(_ name: String) throws {
        let graph = try #require(try Self.trained(name), "Assets/models/\(name).safetensors is not committed")
        let (train, test) = try Self.testSubset(1000)
        let task = ClassificationTask(train: train, test: test, calibrationCount: 512, seed: 0)
        let methods = PTQMethod.allCases
        let evaluator = try StrategyEvaluator(model: graph, task: task, calibration: PTQCalibration(
            weightMethods: methods.map { WeightMethod($0) }, activationMethods: methods, bits: BitWidths(weight: 8, activation: 8)))
        let fp = evaluator.floatMetric()
        for w in methods.indices {
            for a in methods.indices {
                let q = evaluator.metric(of: .uniform(layers: evaluator.layerCount, weight: w, activation: a))
                #expect(fp - q < 0.5, "\(methods[w])/\(methods[a]): \(q) vs FP \(fp)")
            }
        }
    }
}
