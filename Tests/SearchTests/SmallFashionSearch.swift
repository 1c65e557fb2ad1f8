import Foundation
import TestSupport
import NeuralNet
import Datasets
import Search
import Tasks

/// The small classifier and a slice of real Fashion-MNIST that the bit-policy
/// and budget tests search: 256 training images (128 for calibration) and 100 test images.
enum SmallFashionSearch {
    static func model(name: String) throws -> Graph {
        try SmallClassifier.graph(name: name)
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
