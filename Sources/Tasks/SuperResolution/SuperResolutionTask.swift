import Tensor
import NeuralNet
import Datasets
import Training

/// Super-resolution: distillation to the float model's output (no ground
/// truth needed; luma MSE by default, see `SRDistillation`), mean PSNR on Y
/// over the evaluation photographs.
public struct SuperResolutionTask: SearchTask {
    public let calibrationInputs: Tensor
    public let photos: [(name: String, image: RGBImage)]
    public let scale: Int
    public let objective: SRDistillation
    public var metricName: String { "PSNR" }

    /// Calibration LR patches (the graph's input size) cut from `trainingPhotos`, seeded.
    public init(trainingPhotos: [RGBImage], photos: [(name: String, image: RGBImage)], scale: Int,
                patchSize: Int, calibrationCount: Int, seed: UInt64, objective: SRDistillation = .lumaMSE) {
        let sampler = SRPairSampler(images: trainingPhotos, scale: scale, patchSize: patchSize, channels: .rgb,
                                    augment: false, seed: seed ^ 0xCA11_B4A7)
        calibrationInputs = sampler.batch(0, size: calibrationCount).lr
        self.photos = photos
        self.scale = scale
        self.objective = objective
    }

    public func distillation(student: Tensor, teacher: Tensor) -> (loss: Float, gradient: Tensor) {
        // The PSNR protocol's border, when the output leaves pixels inside it.
        let border = min(scale, (min(student.shape[1], student.shape[2]) - 1) / 2)
        switch objective {
        case .lumaMSE:
            return LumaMSELoss.lossAndGradient(prediction: student, target: teacher, border: border)
        case .lumaPSNR:
            return LumaPSNRLoss.lossAndGradient(prediction: student, target: teacher, border: border)
        case .l1:
            return L1Loss.lossAndGradient(prediction: student, target: teacher)
        }
    }

    public func evaluate(_ graph: Graph, limit: Int) -> Double {
        let chosen = limit > 0 ? Array(photos.prefix(limit)) : photos
        do {
            return try SREvaluation.evaluate(graph, scale: scale, photos: chosen).meanPSNR
        } catch {
            // Callers check the photos with `SREvaluation.checkEvaluable` when they make the task;
            // an error here is a bug, not bad input, and must not pass as a NaN metric.
            preconditionFailure("PSNR evaluation failed on photos checked when the task was made: \(error)")
        }
    }
}
