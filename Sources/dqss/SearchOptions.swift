import ArgumentParser
import Foundation
import Quantization
import Search
import Tasks

/// Options of a post-training strategy search.
struct SearchOptions: ParsableArguments {
    @OptionGroup var ptq: PTQOptions
    @Option(help: "Weight candidates, comma-separated (\(PTQOptions.allMethodNames); adaround(NAME) learns the rounding on NAME's range).")
    var weights: String = PTQOptions.allMethodNames
    @Option(help: "Activation candidates, comma-separated.")
    var activations: String = PTQOptions.allMethodNames
    @Option(help: "Search steps.") var steps: Int = 300
    @Option(help: "Images per search step.") var batch: Int = 64
    @Option(help: "Adam learning rate of the architecture logits.") var lr: Float = 0.03
    @Option(help: "Softmax temperature at the first step.") var tauStart: Float = 1
    @Option(help: "Softmax temperature at the last step (exponential annealing).") var tauEnd: Float = 0.05
    @Flag(inversion: .prefixedNo, help: "Compare the derived strategy with every uniform pair on the calibration objective and keep the best.")
    var `guard`: Bool = true
    @Option(help: "Calibration images the guard and refinement score on.") var guardImages: Int = 512
    @Flag(help: "Per-layer greedy refinement on the calibration objective after the guard (slow).") var refine: Bool = false
    @Option(help: ArgumentHelp(BudgetArgument.help, valueName: "metric=value")) var budget: BudgetArgument?
    @Option(help: "Dual ascent step of the budget's Lagrange multiplier (per step and unit of relative excess).")
    var budgetStep: Double = LagrangeMultiplier.defaultStepSize
    @Option(help: "Super-resolution distillation: luma-mse (MSE of Y inside the PSNR border, default), luma-psnr (mean per-sample PSNR of Y) or l1 (RGB).")
    var srObjective: SRDistillation = .lumaMSE

    func validate() throws {
        _ = try PTQOptions.weightMethods(weights, "--weights")
        _ = try PTQOptions.methods(activations, "--activations")
        if ptq.mixedChoices != nil && budget == nil {
            throw ValidationError("--bits \(ptq.bits ?? "") names several bit-widths: add --budget size=4bpw or bops=0.25xw8a8, or the search would simply keep the widest")
        }
        guard budgetStep > 0, budgetStep.isFinite else { throw ValidationError("--budget-step must be positive") }
        guard steps >= 0, batch > 0, lr > 0, tauStart > 0, tauEnd > 0, guardImages >= 0 else {
            throw ValidationError("--steps, --batch, --lr, --tau-start, --tau-end must be positive")
        }
    }

    func configuration(model: String) throws -> SearchConfiguration {
        var config = SearchConfiguration(model: model, mode: .ptq, bits: ptq.bitWidths,
                                         weightMethods: try PTQOptions.weightMethods(weights, "--weights"),
                                         activationMethods: try PTQOptions.methods(activations, "--activations"),
                                         calibrationImages: ptq.calibration, batchSize: batch, steps: steps, learningRate: lr,
                                         temperatureStart: tauStart, temperatureEnd: tauEnd, guardAgainstUniform: `guard`,
                                         guardImages: guardImages, greedyRefinement: refine, firstAndLastAt8Bits: ptq.firstLast8bit,
                                         perChannelWeights: !ptq.perTensorWeights, evaluationLimit: ptq.evalLimit, seed: ptq.seed)
        config.bitChoices = ptq.mixedChoices
        config.budget = budget?.budget
        config.budgetStepSize = budget == nil ? nil : budgetStep
        config.srDistillation = srObjective
        config.learnedRounding = ptq.rounding.settings
        return config
    }
}
