import Tensor
import NeuralNet

/// A task that also supplies training data and a supervised loss, for
/// quantization-aware search: the engine draws batches epoch by epoch and
/// hands each back to `taskLoss` without looking inside its targets.
public protocol TrainableTask: SearchTask {
    /// Full batches of `batchSize` in one epoch of the training set.
    func trainingBatchesPerEpoch(batchSize: Int) -> Int
    /// One epoch of augmented, shuffled training batches (the last partial
    /// batch dropped); the same for the same seed and epoch.
    func trainingBatches(batchSize: Int, seed: UInt64, epoch: Int) -> any IteratorProtocol<TrainingBatch>
    /// The supervised loss of the model's output on a batch, and its gradient.
    func taskLoss(output: Tensor, batch: TrainingBatch) -> (loss: Float, gradient: Tensor)
}
