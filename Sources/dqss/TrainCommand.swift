import ArgumentParser
import Foundation
import Tensor
import NeuralNet
import Datasets
import Training

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a full-precision classifier from the model zoo, with a checkpoint every epoch."
    )

    @Option(help: "Model name (see `dqss models`).") var model: String = "resnet20"
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Epochs in total (a resumed run continues up to this).") var epochs: Int = 10
    @Option(help: "Mini-batch size.") var batch: Int = 128
    @Option(help: "Peak learning rate (cosine decay to 0).") var lr: Float = 0.1
    @Option(help: "SGD momentum (Nesterov).") var momentum: Float = 0.9
    @Option(name: .customLong("wd"), help: "Weight decay.") var weightDecay: Float = 5e-4
    @Option(help: "Linear warm-up epochs.") var warmup: Int = 0
    @Option(help: "Random-crop padding in pixels (0 = off).") var cropPadding: Int = 2
    @Flag(inversion: .prefixedNo, help: "Random horizontal flips.") var flip: Bool = true
    @Option(help: "Random seed (initialisation, shuffling, augmentation).") var seed: UInt64 = 0
    @Option(help: "Train on the first N images only (0 = all).") var limit: Int = 0
    @Option(help: "Output folder: checkpoint.safetensors each epoch, model.safetensors and card.md at the end.")
    var out: String = "runs/train"
    @Flag(help: "Continue from OUT/checkpoint.safetensors.") var resume: Bool = false

    func validate() throws {
        guard epochs > 0, batch > 0, lr > 0 else { throw ValidationError("--epochs, --batch and --lr must be positive") }
        guard limit >= 0, cropPadding >= 0, warmup >= 0, warmup < epochs else {
            throw ValidationError("--limit and --crop-padding must be ≥ 0 and --warmup < --epochs")
        }
    }

    func run() async throws {
        let entry = try ModelZoo.entry(model)
        guard entry.task == .classification else {
            throw ValidationError("'\(model)' is a super-resolution model; train it with `dqss train-sr`")
        }
        var (train, test, statistics) = try dataOptions.loadNormalisedClassification(for: try entry.build(seed))
        if limit > 0 { train = train.subset(0..<min(limit, train.count)) }
        // Epochs drop the last partial batch: fewer images than one batch would train nothing.
        guard train.count >= batch else {
            throw CLIError("\(train.count) training images (--limit \(limit)) make no full batch of \(batch); raise --limit or lower --batch")
        }
        let config = ClassifierTrainingConfig(model: entry.name, epochs: epochs, batchSize: batch, learningRate: lr,
                                              momentum: momentum, nesterov: true, weightDecay: weightDecay,
                                              warmupEpochs: warmup, cropPadding: cropPadding, horizontalFlip: flip,
                                              seed: seed, trainLimit: limit)
        let outDir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let checkpointURL = outDir.appendingPathComponent("checkpoint.safetensors")
        var trainer = ClassifierTrainer(graph: try entry.build(seed), config: config)
        var history: [EpochRecord] = []
        if resume {
            let ckpt = try TrainingCheckpoint.readForResume(from: checkpointURL, model: entry.name)
            try trainer.graph.loadParameters(ckpt.parameters)
            trainer.optimizer.state = ckpt.optimizerState
            trainer.epochsDone = ckpt.epochsDone
            history = ckpt.history(of: EpochRecord.self)
            say("resumed \(entry.name) after epoch \(ckpt.epochsDone) from \(checkpointURL.path)")
        }
        say("training \(entry.name): \(trainer.graph.parameterCount) parameters, \(train.count) training images, batch \(batch), \(epochs) epochs")
        let configJSON = String(decoding: try JSONEncoder.sorted.encode(config), as: UTF8.self)
        let runStart = Date()
        let priorSeconds = history.reduce(0) { $0 + $1.seconds }
        while trainer.epochsDone < epochs {
            let epochIndex = trainer.epochsDone
            var bar = ProgressBar(label: "epoch \(epochIndex + 1)/\(epochs)", total: train.count / batch)
            let result = try trainer.trainEpoch(on: train, fillValue: statistics.blackValue) { p in
                bar.update(p.batch + 1, rate: String(format: "%.0f img/s", p.samplesPerSecond),
                           status: String(format: "loss %.4f lr %.4f", p.loss, p.learningRate))
            }
            bar.finish()
            let eval = ClassifierEvaluation.evaluate(trainer.graph, on: test)
            history.append(EpochRecord(epoch: epochIndex + 1, trainLoss: result.meanLoss, trainAccuracy: result.trainAccuracy,
                                       testLoss: eval.meanLoss, testAccuracy: eval.accuracy, seconds: result.seconds))
            say(String(format: "epoch %d: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% | %.0f s",
                         epochIndex + 1, result.meanLoss, 100 * result.trainAccuracy, eval.meanLoss,
                         100 * eval.accuracy, result.seconds))
            try TrainingCheckpoint.refuseDiverged(trainer.graph.parameters, path: checkpointURL, doneLabel: "epoch \(epochIndex + 1)",
                                                   lastGood: epochIndex == 0 ? "nothing (no epoch ended cleanly)" : "epoch \(epochIndex)")
            let historyJSON = TrainingCheckpoint.historyJSON(history)
            try TrainingCheckpoint(model: entry.name, parameters: trainer.graph.parameters,
                                   optimizerState: trainer.optimizer.state, epochsDone: trainer.epochsDone,
                                   configJSON: configJSON, historyJSON: historyJSON).write(to: checkpointURL)
        }
        let final = history.last
        let totalSeconds = priorSeconds + Date().timeIntervalSince(runStart)
        let modelURL = outDir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(trainer.graph.parameters, metadata: [
            "format": "dqss-model-v1", "model": entry.name, "config": configJSON,
            "test_accuracy": String(format: "%.4f", final?.testAccuracy ?? 0),
        ], to: modelURL)
        let card = ModelCard(model: entry.name, command: CommandLine.arguments.joined(separator: " "), configJSON: configJSON,
                             history: history, wallSeconds: totalSeconds,
                             metric: "top-1 accuracy (\(dataOptions.datasetName) test, \(test.count) images)",
                             value: String(format: "%.2f%%", 100 * (final?.testAccuracy ?? 0)),
                             dataset: String(format: "%@ (%@), pixels normalised with mean %.4f, std %.4f",
                                             dataOptions.datasetName as NSString, dataOptions.dataPath as NSString,
                                             statistics.mean, statistics.std))
        try AtomicFile.write(card.markdown, to: outDir.appendingPathComponent("card.md"))
        say("wrote \(modelURL.path) and card.md")
    }
}

/// One line of a training history.
struct EpochRecord: Codable {
    var epoch: Int
    var trainLoss: Double
    var trainAccuracy: Double
    var testLoss: Double
    var testAccuracy: Double
    var seconds: Double
}

extension JSONEncoder {
    /// Deterministic output: sorted keys.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
