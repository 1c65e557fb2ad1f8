import ArgumentParser
import Foundation
import Quantization
import Search
import Tasks

/// Options of a quantization-aware search.
struct QATOptions: ParsableArguments {
    @Option(help: "Search mode: ptq (post-training, weights frozen) or qat (quantization-aware training).")
    var mode: SearchMode = .ptq
    @Option(help: "QAT weight candidates (lsq,pact,dorefa).") var qatWeights: String = "lsq,pact,dorefa"
    @Option(help: "QAT activation candidates (lsq,pact,dorefa).") var qatActivations: String = "lsq,pact,dorefa"
    @Option(help: "QAT: steps that train weights under the uniform mixture before the logits move.") var warmupSteps: Int = 100
    @Option(help: "QAT: steps that fine-tune the derived strategy.") var fineTuneSteps: Int = 200
    @Option(help: "QAT: SGD learning rate of weights and quantizer parameters (cosine decay).") var weightLr: Float = 0.001
    @Option(help: "QAT: train this one method on every layer instead of searching (the uniform baseline).")
    var uniform: QATMethod?

    func validate() throws {
        _ = try methods(qatWeights, "--qat-weights")
        _ = try methods(qatActivations, "--qat-activations")
        guard warmupSteps >= 0, fineTuneSteps >= 0, weightLr > 0 else {
            throw ValidationError("--warmup-steps and --fine-tune-steps must be ≥ 0 and --weight-lr > 0")
        }
    }

    func methods(_ list: String, _ flag: String) throws -> [QATMethod] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let methods = names.compactMap(QATMethod.init(rawValue:))
        guard !names.isEmpty, methods.count == names.count, Set(methods).count == methods.count else {
            throw ValidationError("\(flag) '\(list)': use distinct names from lsq, pact, dorefa")
        }
        return methods
    }

    /// Adds the QAT settings to a configuration.
    func apply(to config: inout SearchConfiguration) throws {
        if mode == .qat && (config.bitChoices != nil || config.budget != nil) {
            throw ValidationError("mixed precision (several --bits, --budget) is post-training only for now: pass one bit-width like --bits w4a4 with --mode qat")
        }
        config.mode = mode
        config.qatWeightMethods = try methods(qatWeights, "--qat-weights")
        config.qatActivationMethods = try methods(qatActivations, "--qat-activations")
        config.warmupSteps = warmupSteps
        config.fineTuneSteps = fineTuneSteps
        config.weightLearningRate = weightLr
        if let uniform {
            config.qatWeightMethods = [uniform]
            config.qatActivationMethods = [uniform]
        }
    }
}

extension SearchMode: ExpressibleByArgument {}
extension QATMethod: ExpressibleByArgument {}
extension SRDistillation: ExpressibleByArgument {}
