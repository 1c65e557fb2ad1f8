import ArgumentParser
import Datasets
import NeuralNet
import Search
import Training
import Foundation
import Tasks

/// Where the classification data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Folder with the four MNIST-format IDX files (gzipped or not).")
    var data: String = MNISTFormat.fashionMNISTFolder
    @OptionGroup var photoOptions: PhotoOptions

    /// Both splits, normalised (see `loadNormalisedClassification`), checked to fit `model`.
    func loadClassification(for model: Graph) throws -> (train: LabeledImages, test: LabeledImages) {
        let (train, test, _) = try loadNormalisedClassification(for: model)
        return (train, test)
    }

    /// Both splits, checked to fit `model` (image shape = its input, every label one of its classes),
    /// normalised with Fashion-MNIST's published statistics for its Debian folder and with the
    /// statistics of the training split for any other folder.
    func loadNormalisedClassification(for model: Graph) throws
        -> (train: LabeledImages, test: LabeledImages, statistics: PixelStatistics) {
        let (train, test) = try MNISTFormat.load(folder: data)
        let imageShape = Array(train.images.shape.dropFirst())
        guard imageShape == model.inputShape else {
            throw CLIError("\(data) holds images of shape \(imageShape), the model takes \(model.inputShape); pass the --data it was made for")
        }
        let classes = model.outputShape.last ?? 0
        try LabeledImages.checkLabels(train.labels + test.labels, classes: classes, source: data)
        var statistics = isFashionMNIST
            ? PixelStatistics(mean: MNISTFormat.fashionMNISTMean, std: MNISTFormat.fashionMNISTStd) : train.pixelStatistics()
        // Training images of one value have no spread to divide by: centre them only.
        if !(statistics.std > 1e-6) { statistics.std = 1 }
        return (train.normalized(mean: statistics.mean, std: statistics.std),
                test.normalized(mean: statistics.mean, std: statistics.std), statistics)
    }

    /// --data names Debian's Fashion-MNIST folder.
    var isFashionMNIST: Bool {
        URL(fileURLWithPath: data).standardizedFileURL.path == URL(fileURLWithPath: MNISTFormat.fashionMNISTFolder).standardizedFileURL.path
    }

    /// The dataset as a model card names it.
    var datasetName: String { isFashionMNIST ? "Fashion-MNIST" : URL(fileURLWithPath: data).standardizedFileURL.path }

    /// The search task (calibration set and test metric) for a model.
    func searchTask(for entry: ModelZoo.Entry, calibration: Int, seed: UInt64,
                    srDistillation: SRDistillation = .lumaMSE) throws -> any SearchTask {
        switch entry.task {
        case .classification:
            let (train, test) = try loadClassification(for: try entry.build(0))
            return ClassificationTask(train: train, test: test, calibrationCount: calibration, seed: seed)
        case .superResolution:
            let patch = try inputSize(of: entry)
            let training = try photoOptions.loadTrainingPhotos(minimumSide: patch * entry.scale) {
                FileHandle.standardError.write(Data(($0 + "\n").utf8))
            }
            let photos = try EvaluationPhotos.load(folder: photoOptions.photos)
            try SREvaluation.checkEvaluable(try entry.build(0), scale: entry.scale, photos: photos)
            return SuperResolutionTask(trainingPhotos: training, photos: photos, scale: entry.scale, patchSize: patch,
                                       calibrationCount: min(calibration, 256), seed: seed, objective: srDistillation)
        }
    }

    /// The LR patch size a super-resolution graph is built for.
    func inputSize(of entry: ModelZoo.Entry) throws -> Int {
        try entry.build(0).inputShape[0]
    }
}
