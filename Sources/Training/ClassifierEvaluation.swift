import Tensor
import NeuralNet
import Datasets

/// Test-split metrics of a classifier graph.
public enum ClassifierEvaluation {
    public struct Result: Sendable, Equatable {
        public var accuracy: Double
        public var meanLoss: Double
        public var count: Int
    }

    /// Top-1 accuracy and mean cross-entropy in inference mode.
    public static func evaluate(_ graph: Graph, on data: LabeledImages, batchSize: Int = 256,
                                context: ExecutionContext = .inference) -> Result {
        var correct = 0
        var lossSum: Double = 0
        for (images, labels) in ClassificationBatches(data, batchSize: batchSize, shuffle: false) {
            let logits = graph.forward(images, context: context).output
            let predicted = SoftmaxCrossEntropy.argmax(logits)
            correct += zip(predicted, labels).filter { $0 == $1 }.count
            lossSum += Double(SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).loss) * Double(labels.count)
        }
        let n = max(1, data.count)
        return Result(accuracy: Double(correct) / Double(n), meanLoss: lossSum / Double(n), count: data.count)
    }
}
