import ArgumentParser
import Foundation
import NeuralNet
import Training

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a trained full-precision model on the test split.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Evaluate on the first N test images only (0 = all).") var limit: Int = 0

    func run() async throws {
        let (entry, graph) = try modelOptions.loadTrained()
        switch entry.task {
        case .classification:
            var (_, test) = try dataOptions.loadClassification()
            if limit > 0 { test = test.subset(0..<min(limit, test.count)) }
            let r = ClassifierEvaluation.evaluate(graph, on: test)
            print(String(format: "%@: top-1 %.2f%% on %d test images (mean cross-entropy %.4f)",
                         entry.name as NSString, 100 * r.accuracy, r.count, r.meanLoss))
        case .superResolution:
            throw ValidationError("super-resolution evaluation is not available yet")
        }
    }
}
