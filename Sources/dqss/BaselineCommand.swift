import ArgumentParser
import Foundation
import Quantization
import Search

struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Evaluate every uniform weight × activation strategy pair beside FP.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var imageData: ImageDataOptions
    @OptionGroup var ptq: PTQOptions
    @Option(help: "Weight calibrators, comma-separated; adaround(NAME) learns the rounding on NAME's range.") var weights: String = PTQOptions.allMethodNames
    @Option(help: "Activation calibrators, comma-separated.") var activations: String = PTQOptions.allMethodNames
    @Flag(help: "Print the table as Markdown.") var markdown: Bool = false

    func run() async throws {
        let requested = try PTQOptions.weightMethods(weights, "--weights"), a = try PTQOptions.methods(activations, "--activations")
        try ptq.requireOneBitWidth()
        let (entry, graph) = try modelOptions.loadTrained()
        let task = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, calibration: ptq.calibration,
                                              seed: ptq.seed).task
        let evaluator = try StrategyEvaluator(model: graph, task: task,
                                              calibration: ptq.calibration(weights: requested, activations: a),
                                              rounding: ptq.rounding.learnedRounding, log: Self.log)
        let w = evaluator.weightMethods
        let fp = evaluator.floatMetric(limit: ptq.evalLimit)
        var table = [[Double]](repeating: [Double](repeating: 0, count: a.count), count: w.count)
        var bar = ProgressBar(label: "baseline \(ptq.bitWidths)", total: w.count * a.count)
        for i in w.indices {
            for j in a.indices {
                table[i][j] = evaluator.metric(of: .uniform(layers: evaluator.layerCount, weight: i, activation: j),
                                               limit: ptq.evalLimit)
                bar.update(i * a.count + j + 1)
            }
        }
        bar.finish()
        let best = w.indices.flatMap { i in a.indices.map { (i, $0) } }.max { table[$0.0][$0.1] < table[$1.0][$1.1] }!
        let metric = task.metricName
        if markdown {
            print("\(entry.name), \(ptq.bitWidths), \(metric) (\(ptq.edgeNote)); rows: weights, columns: activations\n")
            print("| weights \\ activations | " + a.map(\.rawValue).joined(separator: " | ") + " |")
            print("|---|" + a.map { _ in "---:|" }.joined())
            print("| FP | " + a.map { _ in String(format: "%.2f", fp) }.joined(separator: " | ") + " |")
            for i in w.indices {
                print("| \(w[i]) | " + a.indices.map { j in
                    let v = String(format: "%.2f", table[i][j])
                    return (i, j) == best ? "**\(v)**" : v
                }.joined(separator: " | ") + " |")
            }
        } else {
            print("\(entry.name) \(ptq.bitWidths) \(metric) (\(ptq.edgeNote)); FP \(String(format: "%.2f", fp))")
            print("weights \\ act".padded(16) + a.map { $0.rawValue.padded(11, right: true) }.joined())
            for i in w.indices {
                print(w[i].rawValue.padded(16) + a.indices.map { String(format: "%.2f", table[i][$0]).padded(11, right: true) }.joined())
            }
        }
        print(String(format: "best uniform pair: %@/%@ %.2f", w[best.0].rawValue, a[best.1].rawValue, table[best.0][best.1]))
    }

    /// Learned rounding's progress and warnings, on standard error.
    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
