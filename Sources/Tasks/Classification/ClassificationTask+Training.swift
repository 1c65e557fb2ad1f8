import Tensor
import NeuralNet
import Datasets

extension ClassificationTask: TrainableTask {
    /// Random crops of the image padded by 1/14 of its shorter side (2 pixels
    /// at 28×28) and left–right mirroring; padding takes the value of a black
    /// pixel after normalisation.
    public var augmentation: ClassificationBatches.Augmentation {
        let side = min(train.imageShape[0], train.imageShape[1])
        return .init(padding: max(1, Int((Double(side) / 14).rounded())), horizontalFlip: true,
                     fillValue: fillValue)
    }

    public func trainingBatchesPerEpoch(batchSize: Int) -> Int {
        max(1, train.count / batchSize)
    }

    public func trainingBatches(batchSize: Int, seed: UInt64, epoch: Int) -> any IteratorProtocol<TrainingBatch> {
        var batches = ClassificationBatches(train, batchSize: batchSize, shuffle: true, dropLast: true,
                                            augmentation: augmentation, seed: seed, epoch: epoch).makeIterator()
        return AnyIterator { batches.next().map { TrainingBatch(inputs: $0.images, targets: .classes($0.labels)) } }
    }

    public func taskLoss(output: Tensor, batch: TrainingBatch) -> (loss: Float, gradient: Tensor) {
        guard case let .classes(labels) = batch.targets else {
            preconditionFailure("a classification batch carries class labels")
        }
        return SoftmaxCrossEntropy.lossAndGradient(logits: output, labels: labels)
    }
}
