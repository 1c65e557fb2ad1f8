import NeuralNet

/// The recipe of a super-resolution training run (recorded in checkpoints and model cards).
public struct SRTrainingConfig: Sendable, Codable, Equatable {
    public enum Decay: String, Sendable, Codable, CaseIterable {
        /// Cosine from the peak rate down to 1% of it over all steps.
        case cosine
        /// Halve the rate every quarter of the run (EDSR halves it at fixed iteration counts).
        case step
    }

    public var model: String
    public var scale: Int
    /// LR patch side; the HR patch is `patchSize · scale`.
    public var patchSize: Int
    public var batchSize: Int
    public var steps: Int
    public var learningRate: Float
    public var decay: Decay
    public var seed: UInt64
    /// Steps between checkpoints (and validations).
    public var checkpointEvery: Int

    public init(model: String, scale: Int, patchSize: Int = 48, batchSize: Int = 16, steps: Int = 2000,
                learningRate: Float = 1e-3, decay: Decay = .cosine, seed: UInt64 = 0, checkpointEvery: Int = 200) {
        self.model = model
        self.scale = scale
        self.patchSize = patchSize
        self.batchSize = batchSize
        self.steps = steps
        self.learningRate = learningRate
        self.decay = decay
        self.seed = seed
        self.checkpointEvery = checkpointEvery
    }

    public var schedule: LearningRateSchedule {
        switch decay {
        case .cosine: return .cosine(base: learningRate, totalSteps: steps, minimum: learningRate / 100)
        case .step: return .step(base: learningRate, stepSize: max(1, steps / 4), gamma: 0.5)
        }
    }
}
