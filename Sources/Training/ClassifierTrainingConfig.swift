/// The recipe of a classifier training run (recorded in checkpoints and model cards).
public struct ClassifierTrainingConfig: Sendable, Codable, Equatable {
    public var model: String
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    public var warmupEpochs: Int
    public var cropPadding: Int
    public var horizontalFlip: Bool
    public var seed: UInt64
    /// Use only the first N training images (0 = all), for quick runs.
    public var trainLimit: Int

    public init(model: String, epochs: Int = 10, batchSize: Int = 128, learningRate: Float = 0.1,
                momentum: Float = 0.9, nesterov: Bool = true, weightDecay: Float = 5e-4, warmupEpochs: Int = 0,
                cropPadding: Int = 2, horizontalFlip: Bool = true, seed: UInt64 = 0, trainLimit: Int = 0) {
        self.model = model
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.warmupEpochs = warmupEpochs
        self.cropPadding = cropPadding
        self.horizontalFlip = horizontalFlip
        self.seed = seed
        self.trainLimit = trainLimit
    }
}
