import Testing
import Foundation
import Tensor
import NeuralNet
import Datasets
import Training
import Search
import Tasks
import TestSupport

/// Fashion-MNIST written out as PNG folders by scripts/data/fashion-mnist-to-folder.py
/// is the same data as its IDX files: the committed ResNet-20 scores exactly the
/// same, and a search with the same seed calibrates on the same tensors and
/// ends with the same result.
@Suite("Image folders match IDX", .serialized)
struct ImageFolderEquivalenceTests {
    static let root = TrainedModelTests.root

    /// Writes `split` of `idx` to `out` with the repository's script.
    static func writeFolder(_ idx: String, _ out: URL, split: String, flat: Bool = false) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("scripts/data/fashion-mnist-to-folder.py").path, idx, out.path,
                       "--split", split] + (flat ? ["--flat"] : [])
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "the folder script failed")
    }

    static func resnet20() throws -> Graph {
        try #require(try TrainedModelTests.trained("resnet20"), "Assets/models/resnet20.safetensors is not committed")
    }

    static func selection(_ data: String, calibration: String? = nil) throws -> DataSelection {
        DataSelection(data: data, calibrationData: calibration, preprocessing: try .fashionMNIST())
    }

    @Test("the whole test split as an ImageFolder gives the IDX path's accuracy")
    func sameAccuracy() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        let graph = try Self.resnet20()
        try Self.writeFolder(MNISTFormat.fashionMNISTFolder, t.file("test"), split: "test")
        let idx = try ClassificationData.task(try Self.selection(MNISTFormat.fashionMNISTFolder), model: graph,
                                              calibrationCount: 1, seed: 0)
        let folder = try ClassificationData.task(try Self.selection(t.file("test").path), model: graph, calibrationCount: 1, seed: 0)
        #expect(folder.test.count == 10_000 && folder.metricName == "top-1")
        let a = ClassifierEvaluation.evaluate(graph, on: idx.test), b = ClassifierEvaluation.evaluate(graph, on: folder.test)
        #expect(a.accuracy == b.accuracy && a.count == b.count, "IDX \(a.accuracy), folder \(b.accuracy)")
    }

    @Test("a search on the PNG folders calibrates on the same tensors and finds the same strategy as on IDX")
    func sameSearch() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        // A small IDX dataset (the first 1,000 training and 300 test images) and the same images as PNGs.
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let idx = t.file("idx")
        try FileManager.default.createDirectory(at: idx, withIntermediateDirectories: true)
        func write(_ images: LabeledImages, _ count: Int, _ names: (String, String)) throws {
            let bytes = images.images.scalars.prefix(count * 784).map { UInt8(($0 * 255).rounded()) }
            _ = try t.write(idxBytes(type: 0x08, dimensions: [count, 28, 28], payload: Array(bytes)), to: "idx/" + names.0)
            _ = try t.write(idxBytes(type: 0x08, dimensions: [count], payload: images.labels.prefix(count).map { UInt8($0) }),
                            to: "idx/" + names.1)
        }
        let names = MNISTFormat.fileNames
        try write(train, 1000, (names.trainImages, names.trainLabels))
        try write(test, 300, (names.testImages, names.testLabels))
        try Self.writeFolder(idx.path, t.file("calibration"), split: "train", flat: true)
        try Self.writeFolder(idx.path, t.file("test"), split: "test")
        let graph = try Self.resnet20()
        let fromIDX = try ClassificationData.task(try Self.selection(idx.path), model: graph, calibrationCount: 96, seed: 3)
        let fromPNG = try ClassificationData.task(try Self.selection(t.file("test").path, calibration: t.file("calibration").path),
                                                  model: graph, calibrationCount: 96, seed: 3)
        #expect(fromIDX.calibrationInputs == fromPNG.calibrationInputs)
        var config = SearchConfiguration(model: "resnet20", calibrationImages: 96, batchSize: 32, steps: 4, guardImages: 96, seed: 3)
        config.weightMethods = [.minmax, .mse]
        config.activationMethods = [.minmax, .percentile]
        func search(_ task: ClassificationTask) throws -> SearchSummary? {
            let log = EventLog()
            var engine = try SearchEngine(config: config, model: graph, task: task,
                                          snapshotURL: t.file("snap-\(UUID().uuidString).json"), emit: log.append)
            _ = engine.run(mailbox: CommandMailbox(), emit: log.append)
            return log.all.compactMap { if case let .finished(s) = $0 { return s } else { return nil } }.first
        }
        let a = try #require(try search(fromIDX)), b = try #require(try search(fromPNG))
        #expect(a.weightChoices == b.weightChoices && a.activationChoices == b.activationChoices)
        #expect(a.evaluations.map(\.value) == b.evaluations.map(\.value))
        #expect(a.evaluations.count >= 2)
    }
}
