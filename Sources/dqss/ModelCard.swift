import Foundation

/// The Markdown card committed beside a trained checkpoint.
struct ModelCard {
    var model: String
    var command: String
    var configJSON: String
    var history: [EpochRecord]
    var wallSeconds: Double
    var metric: String
    var value: String
    /// The training data and its normalisation (classifiers).
    var dataset: String? = nil

    var markdown: String {
        var s = "# \(model)\n\n"
        s += "- \(metric): **\(value)**\n"
        if let dataset { s += "- dataset: \(dataset)\n" }
        s += "- wall time: \(ProgressBar.clock(wallSeconds)) on this machine's 2 cores\n"
        s += "- command: `\(command)`\n"
        s += "- recipe: `\(configJSON)`\n\n"
        s += "| epoch | train loss | train acc | test loss | test acc | seconds |\n|---|---|---|---|---|---|\n"
        for h in history {
            s += String(format: "| %d | %.4f | %.2f%% | %.4f | %.2f%% | %.0f |\n", h.epoch, h.trainLoss, 100 * h.trainAccuracy,
                        h.testLoss, 100 * h.testAccuracy, h.seconds)
        }
        return s
    }
}
