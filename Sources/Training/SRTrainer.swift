import Foundation
import Tensor
import NeuralNet
import Datasets

/// Adam + L1 training of a super-resolution graph on random patch pairs, a
/// chunk of steps at a time, so a caller can checkpoint and validate between
/// chunks and resume. Batch k depends only on the seed and k, so a resumed
/// run draws exactly the batches an uninterrupted one would.
public struct SRTrainer: Sendable {
    public struct StepProgress: Sendable {
        public var step: Int
        public var loss: Float
        public var learningRate: Float
        public var patchesPerSecond: Double
    }

    public enum TrainingError: LocalizedError {
        case nonFiniteLoss(step: Int)
        public var errorDescription: String? {
            switch self {
            case .nonFiniteLoss(let s):
                return "training diverged (L1 loss is NaN or infinite) at step \(s + 1); lower --lr and resume from the last checkpoint"
            }
        }
    }

    public let config: SRTrainingConfig
    /// The model, built for `patchSize × patchSize` LR inputs.
    public var graph: Graph
    public var optimizer: Adam
    public var stepsDone: Int

    public init(graph: Graph, config: SRTrainingConfig) throws {
        self.graph = try SRGraphResize.resized(graph, height: config.patchSize, width: config.patchSize)
        precondition(self.graph.outputShape == [config.patchSize * config.scale, config.patchSize * config.scale,
                                                graph.inputShape[2]],
                     "model '\(graph.name)' does not upscale by \(config.scale)")
        self.config = config
        optimizer = Adam()
        stepsDone = 0
    }

    /// Runs up to `count` steps (never past `config.steps`); returns the mean L1 loss.
    @discardableResult
    public mutating func train(steps count: Int, sampler: SRPairSampler,
                               progress: (StepProgress) -> Void = { _ in }) throws -> Double {
        precondition(sampler.scale == config.scale && sampler.patchSize == config.patchSize,
                     "sampler ×\(sampler.scale) / \(sampler.patchSize) px does not match the recipe")
        let schedule = config.schedule
        let end = min(config.steps, stepsDone + count)
        let start = Date()
        var lossSum = 0.0, done = 0
        while stepsDone < end {
            let lr = schedule.rate(at: stepsDone)
            let (low, high) = sampler.batch(stepsDone, size: config.batchSize)
            let (output, tape) = graph.forwardForBackward(low, context: .training)
            let (loss, gradient) = L1Loss.lossAndGradient(prediction: output, target: high)
            guard loss.isFinite else { throw TrainingError.nonFiniteLoss(step: stepsDone) }
            let grads = graph.backward(tape, gradOutput: gradient).parameters
            optimizer.step(&graph.parameters, gradients: grads, lr: lr)
            stepsDone += 1
            done += 1
            lossSum += Double(loss)
            let elapsed = Date().timeIntervalSince(start)
            progress(StepProgress(step: stepsDone, loss: loss, learningRate: lr,
                                  patchesPerSecond: Double(done * config.batchSize) / max(elapsed, 1e-9)))
        }
        return lossSum / Double(max(1, done))
    }
}
