import ArgumentParser
import Foundation
import Quantization
import Search

/// Options of a post-training strategy search.
struct SearchOptions: ParsableArguments {
    @Option(help: "Bit-widths, e.g. w4a4, w3a3, w4a8.") var bits: String = "w4a4"
    @Option(help: "Weight candidates, comma-separated (\(PTQMethod.allCases.map(\.rawValue).joined(separator: ",")))")
    var weights: String = PTQMethod.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Activation candidates, comma-separated.")
    var activations: String = PTQMethod.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Search steps.") var steps: Int = 300
    @Option(help: "Calibration images drawn from the training split.") var calibration: Int = 1024
    @Option(help: "Images per search step.") var batch: Int = 64
    @Option(help: "Adam learning rate of the architecture logits.") var lr: Float = 0.03
    @Option(help: "Softmax temperature at the first step.") var tauStart: Float = 1
    @Option(help: "Softmax temperature at the last step (exponential annealing).") var tauEnd: Float = 0.05
    @Flag(inversion: .prefixedNo, help: "Compare the derived strategy with every uniform pair on the calibration objective and keep the best.")
    var `guard`: Bool = true
    @Option(help: "Calibration images the guard and refinement score on.") var guardImages: Int = 512
    @Flag(help: "Per-layer greedy refinement on the calibration objective after the guard (slow).") var refine: Bool = false
    @Flag(help: "Keep the first and last layers at 8 bits.") var firstLast8bit: Bool = false
    @Flag(help: "Per-tensor instead of per-channel weight quantization.") var perTensorWeights: Bool = false
    @Option(help: "Test images for evaluations (0 = all).") var evalLimit: Int = 0
    @Option(help: "Random seed.") var seed: UInt64 = 0

    func validate() throws {
        guard BitWidths(bits) != nil else { throw ValidationError("--bits '\(bits)' is not like w4a4 (2…8 bits each)") }
        _ = try methods(weights, "--weights")
        _ = try methods(activations, "--activations")
        guard steps >= 0, calibration > 0, batch > 0, lr > 0, tauStart > 0, tauEnd > 0, evalLimit >= 0, guardImages >= 0 else {
            throw ValidationError("--steps, --calibration, --batch, --lr, --tau-start, --tau-end must be positive")
        }
    }

    func methods(_ list: String, _ flag: String) throws -> [PTQMethod] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let methods = names.compactMap(PTQMethod.init(rawValue:))
        guard !names.isEmpty, methods.count == names.count, Set(methods).count == methods.count else {
            throw ValidationError("\(flag) '\(list)': use distinct names from \(PTQMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return methods
    }

    func configuration(model: String) throws -> SearchConfiguration {
        SearchConfiguration(model: model, mode: .ptq, bits: BitWidths(bits)!,
                            weightMethods: try methods(weights, "--weights"),
                            activationMethods: try methods(activations, "--activations"),
                            calibrationImages: calibration, batchSize: batch, steps: steps, learningRate: lr,
                            temperatureStart: tauStart, temperatureEnd: tauEnd, guardAgainstUniform: `guard`,
                            guardImages: guardImages, greedyRefinement: refine, firstAndLastAt8Bits: firstLast8bit,
                            perChannelWeights: !perTensorWeights, evaluationLimit: evalLimit, seed: seed)
    }
}
