import ArgumentParser
import Foundation
import Quantization
import Search

/// How `adaround(…)` weight candidates are learned (AdaRound's hyper-parameters) and cached.
struct LearnedRoundingOptions: ParsableArguments {
    @Option(help: "Adam steps per layer of learned rounding (the paper: 10000).")
    var adaroundIterations: Int = AdaRoundOptions().iterations
    @Option(help: "Calibration samples per learned-rounding step.") var adaroundBatch: Int = AdaRoundOptions().batchSize
    @Option(help: "Adam's learning rate on the rounding variables (the paper: 0.001 over 10000 steps).")
    var adaroundLr: Float = AdaRoundOptions().learningRate
    @Option(help: "Weight λ of the rounding regulariser.") var adaroundLambda: Float = AdaRoundOptions().regularization
    @Option(help: "Inputs of each layer's reconstruction: float (the float network's) or quantized-prefix (with the earlier layers' learned weights).")
    var adaroundInputs: ReconstructionInputs = .float
    @Option(help: "Folder of learned roundings reused by later runs of the same setting.")
    var adaroundCache: String = "runs/cache/adaround"
    @Flag(help: "Learn every rounding again instead of reading the cache.") var noAdaroundCache: Bool = false

    func validate() throws {
        if let problem = settings.options.problem { throw ValidationError("learned rounding: \(problem)") }
    }

    var settings: LearnedRoundingSettings {
        LearnedRoundingSettings(options: AdaRoundOptions(iterations: adaroundIterations, batchSize: adaroundBatch,
                                                         learningRate: adaroundLr, regularization: adaroundLambda),
                                inputs: adaroundInputs)
    }

    var cache: ReconstructionCache? {
        noAdaroundCache ? nil : ReconstructionCache(directory: URL(fileURLWithPath: adaroundCache))
    }

    var learnedRounding: LearnedRounding {
        LearnedRounding(settings: settings, cache: cache)
    }
}

extension ReconstructionInputs: ExpressibleByArgument {}
