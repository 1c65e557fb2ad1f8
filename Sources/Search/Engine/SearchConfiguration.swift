import Foundation
import Quantization
import Tasks

/// Everything that determines a search's result. Recorded in snapshots, so a
/// snapshot can be resumed or reproduced.
public struct SearchConfiguration: Sendable, Codable, Equatable {
    public var model: String
    public var mode: SearchMode
    public var bits: BitWidths
    public var weightMethods: [WeightMethod]
    public var activationMethods: [PTQMethod]
    /// Calibration images drawn (seeded) from the training split.
    public var calibrationImages: Int
    /// Images per search step, drawn from the calibration set.
    public var batchSize: Int
    public var steps: Int
    /// Adam learning rate of the architecture logits.
    public var learningRate: Float
    /// Softmax temperature, annealed exponentially from start to end over the steps.
    public var temperatureStart: Float
    public var temperatureEnd: Float
    /// Score the derived strategy against every uniform pair on the calibration
    /// objective and keep the best (the guard against the discretization gap).
    public var guardAgainstUniform: Bool
    /// Images of the calibration set used by the guard and refinement.
    public var guardImages: Int
    /// Per-layer greedy refinement on the calibration objective after the guard.
    public var greedyRefinement: Bool
    public var firstAndLastAt8Bits: Bool
    public var perChannelWeights: Bool
    /// Test images for evaluations (0 = the whole test split).
    public var evaluationLimit: Int
    public var seed: UInt64
    /// Quantization-aware search: candidate quantizers, the weight warm-up before
    /// the logits move, fine-tuning of the derived strategy, and the weights' SGD rate.
    public var qatWeightMethods: [QATMethod] = QATMethod.allCases
    public var qatActivationMethods: [QATMethod] = QATMethod.allCases
    public var warmupSteps: Int = 0
    public var fineTuneSteps: Int = 0
    public var weightLearningRate: Float = 0.001
    /// PACT's L2 penalty on its clip α.
    public var pactPenalty: Float = 1e-4
    /// Super-resolution distillation; nil in snapshots written before the
    /// choice existed, which used L1.
    public var srDistillation: SRDistillation? = .lumaMSE
    /// The model's file and checkpoint; nil in snapshots written before it was recorded.
    public var source: ModelSource? = nil
    /// A classifier's data and preprocessing, so evaluation, export and resume
    /// read the same images the same way; nil for super-resolution and in
    /// snapshots written before it was recorded (Fashion-MNIST then).
    public var data: DataSelection?
    /// How `adaround(…)` weight candidates are learned; nil: the defaults.
    public var learnedRounding: LearnedRoundingSettings? = nil
    /// Bit-widths searched per side (mixed precision); nil: `bits` alone, and
    /// `bits` is then the widest of these.
    public var bitChoices: BitChoices? = nil
    /// The cost limit of a mixed-precision search; nil: none.
    public var budget: Budget? = nil
    /// Dual ascent step of the budget's multiplier; nil: `LagrangeMultiplier.defaultStepSize`.
    public var budgetStepSize: Double? = nil

    public init(model: String = "resnet20", mode: SearchMode = .ptq, bits: BitWidths = BitWidths(weight: 4, activation: 4),
                weightMethods: [WeightMethod] = WeightMethod.nearest, activationMethods: [PTQMethod] = PTQMethod.allCases,
                calibrationImages: Int = 1024, batchSize: Int = 64, steps: Int = 300, learningRate: Float = 0.03,
                temperatureStart: Float = 1, temperatureEnd: Float = 0.05, guardAgainstUniform: Bool = true,
                guardImages: Int = 512, greedyRefinement: Bool = false, firstAndLastAt8Bits: Bool = false,
                perChannelWeights: Bool = true, evaluationLimit: Int = 0, seed: UInt64 = 0) {
        self.model = model
        self.mode = mode
        self.bits = bits
        self.weightMethods = weightMethods
        self.activationMethods = activationMethods
        self.calibrationImages = calibrationImages
        self.batchSize = batchSize
        self.steps = steps
        self.learningRate = learningRate
        self.temperatureStart = temperatureStart
        self.temperatureEnd = temperatureEnd
        self.guardAgainstUniform = guardAgainstUniform
        self.guardImages = guardImages
        self.greedyRefinement = greedyRefinement
        self.firstAndLastAt8Bits = firstAndLastAt8Bits
        self.perChannelWeights = perChannelWeights
        self.evaluationLimit = evaluationLimit
        self.seed = seed
    }

    /// τ at a step: exponential from start to end.
    public func temperature(at step: Int) -> Float {
        guard steps > 1 else { return temperatureEnd }
        let t = Float(min(step, steps - 1)) / Float(steps - 1)
        return temperatureStart * powf(temperatureEnd / temperatureStart, t)
    }
}

