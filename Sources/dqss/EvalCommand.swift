import ArgumentParser
import Foundation
import NeuralNet
import Training
import Datasets

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
            // Centre crops of at most 256×256 HR pixels keep a CPU evaluation of all photos to seconds.
            let photos = try EvaluationPhotos.load(folder: EvaluationPhotos.defaultFolder)
            let crop = 256
            let s = try SREvaluation.evaluate(graph, scale: entry.scale, photos: photos, crop: crop)
            print("\(entry.name) ×\(entry.scale) on \(EvaluationPhotos.defaultFolder) (centre crops ≤ \(crop)×\(crop) HR, Y channel, \(entry.scale)-pixel border)")
            print("photo                  size      PSNR dB    SSIM  bicubic dB  bicubic SSIM")
            for p in s.photos {
                print(p.name.padded(20), "\(p.width)×\(p.height)".padded(9, right: true),
                      String(format: "%9.2f %7.4f %11.2f %13.4f", p.psnr, p.ssim, p.bicubicPSNR, p.bicubicSSIM))
            }
            print("mean".padded(20), "".padded(9),
                  String(format: "%9.2f %7.4f %11.2f %13.4f", s.meanPSNR, s.meanSSIM, s.meanBicubicPSNR, s.meanBicubicSSIM))
        }
    }
}
