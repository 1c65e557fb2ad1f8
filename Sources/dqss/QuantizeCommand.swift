import ArgumentParser
import Foundation
import Quantization
import Search

struct QuantizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize", abstract: "Evaluate one uniform strategy (the same calibrator for every layer).")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var imageData: ImageDataOptions
    @OptionGroup var ptq: PTQOptions
    @Option(help: "Weight calibrator (\(PTQOptions.allMethodNames)).") var weights: String = "minmax"
    @Option(help: "Activation calibrator.") var activations: String = "minmax"

    func run() async throws {
        let w = try PTQOptions.weightMethods(weights, "--weights"), a = try PTQOptions.methods(activations, "--activations")
        guard w.count == 1, a.count == 1 else { throw ValidationError("give one method each to --weights and --activations") }
        try ptq.requireOneBitWidth()
        let (entry, graph) = try modelOptions.loadTrained()
        let task = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, calibration: ptq.calibration,
                                              seed: ptq.seed).task
        let evaluator = try StrategyEvaluator(model: graph, task: task,
                                              calibration: ptq.calibration(weights: w, activations: a),
                                              rounding: ptq.rounding.learnedRounding, log: BaselineCommand.log)
        guard evaluator.weightMethods.count == 1 else { throw CLIError("\(w[0]) was dropped: its reconstruction diverged") }
        let fp = evaluator.floatMetric(limit: ptq.evalLimit)
        let q = evaluator.metric(of: .uniform(layers: evaluator.layerCount, weight: 0, activation: 0), limit: ptq.evalLimit)
        print("\(entry.name) \(ptq.bitWidths) weights \(w[0]) / activations \(a[0]) (\(ptq.edgeNote)): \(task.metricName) "
              + String(format: "%.2f (FP %.2f)", q, fp))
    }
}
