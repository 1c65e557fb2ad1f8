import ArgumentParser
import Foundation
import Tensor
import NeuralNet
import Datasets
import Training

/// Super-resolution training. Models run on RGB in [0, 1] (as EDSR does; the
/// quantizable layers then see real colour statistics) while PSNR/SSIM are
/// measured on Y, as the SR literature reports them.
struct TrainSRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-sr",
        abstract: "Train a full-precision super-resolution model (Adam, L1 loss) on random photo patches."
    )

    @Option(help: "Super-resolution model name (see `dqss models`).") var model: String = "edsr-x2"
    @OptionGroup var photoOptions: PhotoOptions
    @Option(help: "LR patch size in pixels (the HR patch is patch × scale).") var patch: Int = 48
    @Option(help: "Patches per step.") var batch: Int = 16
    @Option(help: "Optimisation steps in total (a resumed run continues up to this).") var steps: Int = 2000
    @Option(help: "Peak learning rate (Adam).") var lr: Float = 1e-3
    @Option(help: "Learning-rate decay: cosine or step (halve every quarter).") var decay: SRTrainingConfig.Decay = .cosine
    @Option(help: "Random seed (initialisation and patch sampling).") var seed: UInt64 = 0
    @Option(help: "Steps between checkpoints and validations.") var checkpointEvery: Int = 200
    @Option(help: "Validate on centre crops of at most N×N HR pixels (0 = whole photos).") var valCrop: Int = 256
    @Option(help: "Output folder: checkpoint.safetensors, model.safetensors and card.md.") var out: String = "runs/train-sr"
    @Flag(help: "Continue from OUT/checkpoint.safetensors.") var resume: Bool = false

    func validate() throws {
        guard patch > 0, batch > 0, steps > 0, lr > 0, checkpointEvery > 0 else {
            throw ValidationError("--patch, --batch, --steps, --lr and --checkpoint-every must be positive")
        }
        guard valCrop == 0 || valCrop >= 32 else { throw ValidationError("--val-crop must be 0 (whole photos) or at least 32") }
    }

    func run() async throws {
        let entry = try ModelZoo.entry(model)
        guard entry.task == .superResolution else {
            throw ValidationError("'\(model)' is a classifier; train it with `dqss train`")
        }
        let config = SRTrainingConfig(model: entry.name, scale: entry.scale, patchSize: patch, batchSize: batch, steps: steps,
                                      learningRate: lr, decay: decay, seed: seed, checkpointEvery: checkpointEvery)
        let training = try photoOptions.loadTrainingPhotos(minimumSide: patch * entry.scale, say: say)
        let validation = try EvaluationPhotos.load(folder: photoOptions.photos)
        try SREvaluation.checkEvaluable(try entry.build(seed), scale: entry.scale, photos: validation, crop: valCrop)
        say("sampling \(patch)×\(patch) LR patches from \(training.count) photos in \(photoOptions.images)")
        let sampler = SRPairSampler(images: training, scale: entry.scale, patchSize: patch, channels: .rgb, seed: seed)

        let outDir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let checkpointURL = outDir.appendingPathComponent("checkpoint.safetensors")
        var trainer = try SRTrainer(graph: try entry.build(seed), config: config)
        var history: [SRHistoryRecord] = []
        if resume {
            let ckpt = try TrainingCheckpoint.readForResume(from: checkpointURL, model: entry.name)
            try trainer.graph.loadParameters(ckpt.parameters)
            trainer.optimizer.state = ckpt.optimizerState
            // For SR checkpoints the counter holds optimisation steps, not epochs.
            trainer.stepsDone = ckpt.epochsDone
            history = ckpt.history(of: SRHistoryRecord.self)
            say("resumed \(entry.name) after step \(ckpt.epochsDone) from \(checkpointURL.path)")
        }
        say("training \(entry.name): \(trainer.graph.parameterCount) parameters, batch \(batch), \(steps) steps, lr \(lr) (\(decay.rawValue))")
        let configJSON = String(decoding: try JSONEncoder.sorted.encode(config), as: UTF8.self)
        let runStart = Date()
        let priorSeconds = history.last?.seconds ?? 0
        while trainer.stepsDone < steps {
            let first = trainer.stepsDone
            let chunk = min(checkpointEvery - first % checkpointEvery, steps - first)
            var bar = ProgressBar(label: "steps \(first + 1)–\(first + chunk)/\(steps)", total: chunk)
            let loss = try trainer.train(steps: chunk, sampler: sampler) { p in
                bar.update(p.step - first, rate: String(format: "%.1f patch/s", p.patchesPerSecond),
                           status: String(format: "L1 %.4f lr %.2e", p.loss, p.learningRate))
            }
            bar.finish()
            let eval = try SREvaluation.evaluate(trainer.graph, scale: entry.scale, photos: validation, crop: valCrop)
            history.append(SRHistoryRecord(step: trainer.stepsDone, trainLoss: loss, validationPSNR: eval.meanPSNR,
                                           validationSSIM: eval.meanSSIM, bicubicPSNR: eval.meanBicubicPSNR,
                                           seconds: priorSeconds + Date().timeIntervalSince(runStart)))
            say(String(format: "step %d: train L1 %.4f | validation PSNR(Y) %.2f dB, SSIM %.4f | bicubic %.2f dB",
                         trainer.stepsDone, loss, eval.meanPSNR, eval.meanSSIM, eval.meanBicubicPSNR))
            try TrainingCheckpoint.refuseDiverged(trainer.graph.parameters, path: checkpointURL, doneLabel: "step \(trainer.stepsDone)",
                                                   lastGood: first == 0 ? "nothing (no checkpoint step ended cleanly)" : "step \(first)")
            let historyJSON = TrainingCheckpoint.historyJSON(history)
            try TrainingCheckpoint(model: entry.name, parameters: trainer.graph.parameters,
                                   optimizerState: trainer.optimizer.state, epochsDone: trainer.stepsDone,
                                   configJSON: configJSON, historyJSON: historyJSON).write(to: checkpointURL)
        }
        let final = history.last
        let modelURL = outDir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(trainer.graph.parameters, metadata: [
            "format": "dqss-model-v1", "model": entry.name, "config": configJSON,
            "validation_psnr_y": String(format: "%.3f", final?.validationPSNR ?? 0),
        ], to: modelURL)
        let card = cardMarkdown(model: entry.name, configJSON: configJSON, history: history,
                                wallSeconds: final?.seconds ?? 0)
        try AtomicFile.write(card, to: outDir.appendingPathComponent("card.md"))
        say("wrote \(modelURL.path) and card.md")
    }


    func cardMarkdown(model: String, configJSON: String, history: [SRHistoryRecord], wallSeconds: Double) -> String {
        let final = history.last
        var s = "# \(model)\n\n"
        s += String(format: "- PSNR(Y) on the %d Assets photos (centre crops ≤ %d px, border = scale): **%.2f dB** (bicubic %.2f dB), SSIM %.4f\n",
                    (try? EvaluationPhotos.load(folder: photoOptions.photos).count) ?? 0, valCrop, final?.validationPSNR ?? 0,
                    final?.bicubicPSNR ?? 0, final?.validationSSIM ?? 0)
        s += "- input: RGB in [0, 1]; training photos: \(photoOptions.images)\n"
        s += "- wall time: \(ProgressBar.clock(wallSeconds)) on this machine's 2 cores\n"
        s += "- command: `\(CommandLine.arguments.joined(separator: " "))`\n"
        s += "- recipe: `\(configJSON)`\n\n"
        s += "| step | train L1 | PSNR(Y) dB | SSIM | bicubic dB | seconds |\n|---|---|---|---|---|---|\n"
        for h in history {
            s += String(format: "| %d | %.4f | %.2f | %.4f | %.2f | %.0f |\n", h.step, h.trainLoss, h.validationPSNR,
                        h.validationSSIM, h.bicubicPSNR, h.seconds)
        }
        return s
    }
}

extension SRTrainingConfig.Decay: ExpressibleByArgument {}
