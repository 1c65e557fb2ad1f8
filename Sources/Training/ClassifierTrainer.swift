import Foundation
import Tensor
import NeuralNet
import Datasets

/// SGD training of a classifier graph, one epoch at a time, so a caller can
/// checkpoint between epochs and resume.
public struct ClassifierTrainer: Sendable {
    public struct BatchProgress: Sendable {
        public var epoch: Int
        public var batch: Int
        public var batchCount: Int
        public var loss: Float
        public var learningRate: Float
        public var samplesPerSecond: Double
    }

    public struct EpochResult: Sendable {
        public var epoch: Int
        public var meanLoss: Double
        public var trainAccuracy: Double
        public var seconds: Double
    }

    public enum TrainingError: LocalizedError {
        case nonFiniteLoss(epoch: Int, batch: Int)
        public var errorDescription: String? {
            switch self {
            case .nonFiniteLoss(let e, let b):
                return "training diverged (loss is NaN or infinite) at epoch \(e + 1), batch \(b + 1); lower --lr and resume from the last checkpoint"
            }
        }
    }

    public let config: ClassifierTrainingConfig
    public var graph: Graph
    public var optimizer: SGD
    /// Epochs completed so far.
    public var epochsDone: Int

    public init(graph: Graph, config: ClassifierTrainingConfig) {
        self.graph = graph
        self.config = config
        // No weight decay on batch-norm parameters and biases (a common, harmless refinement).
        let noDecay = Set(graph.trainableParameterNames.filter { $0.hasSuffix(".bias") || Self.isBatchNormParameter($0, in: graph) })
        optimizer = SGD(momentum: config.momentum, nesterov: config.nesterov, weightDecay: config.weightDecay, noDecay: noDecay)
        epochsDone = 0
    }

    public func schedule(stepsPerEpoch: Int) -> LearningRateSchedule {
        let cosine = LearningRateSchedule.cosine(base: config.learningRate,
                                                 totalSteps: (config.epochs - config.warmupEpochs) * stepsPerEpoch,
                                                 minimum: 0)
        return config.warmupEpochs > 0 ? .warmup(steps: config.warmupEpochs * stepsPerEpoch, then: cosine) : cosine
    }

    /// Trains one epoch on `data` (already normalised).
    public mutating func trainEpoch(on data: LabeledImages, fillValue: Float,
                                    progress: (BatchProgress) -> Void = { _ in }) throws -> EpochResult {
        let epoch = epochsDone
        let augmentation = ClassificationBatches.Augmentation(padding: config.cropPadding, horizontalFlip: config.horizontalFlip,
                                                              fillValue: fillValue)
        let batches = ClassificationBatches(data, batchSize: config.batchSize, shuffle: true, dropLast: true,
                                            augmentation: augmentation, seed: config.seed, epoch: epoch)
        let lrSchedule = schedule(stepsPerEpoch: batches.batchCount)
        let start = Date()
        var lossSum: Double = 0, correct = 0, seen = 0
        for (b, (images, labels)) in batches.enumerated() {
            let lr = lrSchedule.rate(at: epoch * batches.batchCount + b)
            let (logits, tape) = graph.forwardForBackward(images, context: .training)
            let (loss, dLogits) = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
            guard loss.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: b) }
            let grads = graph.backward(tape, gradOutput: dLogits).parameters
            optimizer.step(&graph.parameters, gradients: grads, lr: lr)
            lossSum += Double(loss) * Double(labels.count)
            correct += zip(SoftmaxCrossEntropy.argmax(logits), labels).filter { $0 == $1 }.count
            seen += labels.count
            let elapsed = Date().timeIntervalSince(start)
            progress(BatchProgress(epoch: epoch, batch: b, batchCount: batches.batchCount, loss: loss,
                                   learningRate: lr, samplesPerSecond: Double(seen) / max(elapsed, 1e-9)))
        }
        epochsDone += 1
        return EpochResult(epoch: epoch, meanLoss: lossSum / Double(max(1, seen)),
                           trainAccuracy: Double(correct) / Double(max(1, seen)),
                           seconds: Date().timeIntervalSince(start))
    }

    static func isBatchNormParameter(_ name: String, in graph: Graph) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return graph.node(named: String(name[..<dot]))?.op is BatchNormOp
    }
}
