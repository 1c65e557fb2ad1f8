import Foundation
import TestSupport
import NeuralNet
import Datasets
import Training
import Search
import Tasks

/// The small classifier and a slice of real Fashion-MNIST that the bit-policy
/// and budget tests search: 256 training images (128 for calibration) and 100 test images.
enum SmallFashionSearch {
    static func model(name: String) throws -> Graph {
        try SmallClassifier.graph(name: name)
    }

    /// The classifier trained for four epochs on 4,096 images (65% top-1 on the 100 test images):
    /// its layers then differ in how much bits matter, which an untrained one's do not.
    static func trained(name: String) throws -> Graph {
        let (train, _) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, sd = MNISTFormat.fashionMNISTStd
        var trainer = ClassifierTrainer(graph: try model(name: name),
                                        config: ClassifierTrainingConfig(model: name, epochs: 4, batchSize: 64, learningRate: 0.1,
                                                                         cropPadding: 0, horizontalFlip: false, seed: 3))
        for _ in 0..<4 { _ = try trainer.trainEpoch(on: train.subset(0..<4096).normalized(mean: m, std: sd), fillValue: 0) }
        return trainer.graph
    }

    static func task() throws -> ClassificationTask {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, sd = MNISTFormat.fashionMNISTStd
        return ClassificationTask(train: train.subset(0..<256).normalized(mean: m, std: sd),
                                  test: test.subset(0..<100).normalized(mean: m, std: sd), calibrationCount: 128, seed: 0)
    }

    /// A snapshot path in the temporary folder, unique per call.
    static func temporarySnapshot(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dqss-\(prefix)-\(UUID().uuidString).json")
    }
}
