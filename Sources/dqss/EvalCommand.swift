import ArgumentParser
import Foundation
import NeuralNet
import Search
import Training
import Datasets
import Tasks

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained model on the test split, or the quantization strategy in a search snapshot.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var imageData: ImageDataOptions
    @Option(help: "A search snapshot: evaluate its strategy (the derived one, or the final one when the search is done).",
            completion: .file(extensions: ["json"]))
    var strategy: String?

    func run() async throws {
        if let strategy {
            let (_, entry, graph) = try ModelOptions.loadTrained(following: strategy, flags: modelOptions)
            try evaluateSnapshot(strategy, entry: entry, graph: graph)
            return
        }
        let (entry, graph) = try modelOptions.loadTrained()
        switch entry.task {
        case .classification:
            guard let task = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, calibration: 1, seed: 0).task
                    as? ClassificationTask else { return }
            let r = ClassifierEvaluation.evaluate(graph, on: task.test)
            print(String(format: "%@: %@ %.2f%% on %d test images (mean cross-entropy %.4f)",
                         entry.name as NSString, task.metricName as NSString, 100 * r.accuracy, r.count, r.meanLoss))
        case .superResolution:
            // Centre crops of at most 256×256 HR pixels keep a CPU evaluation of all photos to seconds.
            let folder = try dataOptions.photoOptions.photos
            let photos = try EvaluationPhotos.load(folder: folder)
            let crop = 256
            try SREvaluation.checkEvaluable(graph, scale: entry.scale, photos: photos, crop: crop)
            let s = try SREvaluation.evaluate(graph, scale: entry.scale, photos: photos, crop: crop)
            print("\(entry.name) ×\(entry.scale) on \(folder) (centre crops ≤ \(crop)×\(crop) HR, Y channel, \(entry.scale)-pixel border)")
            print("photo                  size      PSNR dB    SSIM  bicubic dB  bicubic SSIM")
            for p in s.photos {
                print(p.name.padded(20), "\(p.width)×\(p.height)".padded(9, right: true),
                      String(format: "%9.2f %7.4f %11.2f %13.4f", p.psnr, p.ssim, p.bicubicPSNR, p.bicubicSSIM))
            }
            print("mean".padded(20), "".padded(9),
                  String(format: "%9.2f %7.4f %11.2f %13.4f", s.meanPSNR, s.meanSSIM, s.meanBicubicPSNR, s.meanBicubicSSIM))
        }
    }

    func evaluateSnapshot(_ path: String, entry: ModelZoo.Entry, graph: Graph) throws {
        let snapshot = try SearchSnapshot.read(from: URL(fileURLWithPath: path), for: entry.name, graph: graph)
        if snapshot.configuration.mode == .qat {
            try evaluateQATSnapshot(snapshot, path: path, entry: entry, graph: graph)
            return
        }
        let task = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, recorded: snapshot.configuration.data,
                                              calibration: 1, seed: 0).task
        let candidates = Dictionary(uniqueKeysWithValues: snapshot.layers.compactMap { l in l.candidates.map { (l.name, $0) } })
        let c = snapshot.configuration
        let evaluator = try StrategyEvaluator(model: graph, task: task, calibration: PTQCalibration(
            weightMethods: c.weightMethods, activationMethods: c.activationMethods, bits: c.bits), candidates: candidates)
        let which = snapshot.final != nil ? "final" : "derived (step \(snapshot.step))"
        let fp = evaluator.floatMetric(limit: 0)
        let q = evaluator.metric(of: snapshot.strategy, limit: 0)
        print("\(entry.name) \(c.bitsLabel) \(which) strategy from \(path): \(task.metricName) "
              + String(format: "%.2f (FP %.2f)", q, fp))
    }

    /// A quantization-aware snapshot: the network it trained (from the sidecar) with its strategy.
    func evaluateQATSnapshot(_ snapshot: SearchSnapshot, path: String, entry: ModelZoo.Entry, graph: Graph) throws {
        let c = snapshot.configuration
        guard let task = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, recorded: c.data,
                                                    calibration: c.calibrationImages, seed: c.seed).task as? any TrainableTask else {
            throw CLIError("\(path) is a quantization-aware snapshot, which dqss makes for classifiers only")
        }
        let url = URL(fileURLWithPath: path)
        let trained = try QATSearch.trainedGraph(config: c, model: graph, task: task, snapshot: snapshot, url: url,
                                                 strategy: snapshot.strategy)
        let which = snapshot.final != nil ? "final" : "derived (step \(snapshot.step))"
        let fp = task.evaluate(graph, limit: 0)
        let q = task.evaluate(trained, limit: 0)
        print("\(entry.name) \(c.bits) QAT \(which) strategy, trained weights from \(snapshot.sidecar?.file ?? "-"): \(task.metricName) "
              + String(format: "%.2f (FP %.2f)", q, fp))
    }
}
