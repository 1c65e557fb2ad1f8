import ArgumentParser
import Datasets
import NeuralNet
import Search
import Training
import Tasks
import Foundation

/// Where the data lives.
struct DataOptions: ParsableArguments {
    @Option(help: "Classification data: an image folder (DIR/<class>/*.jpg; a flat folder of images reports top-1 agreement with the float model), a folder of MNIST-format IDX files, or preprocessed inputs [N, C, H, W] in a .npy or .safetensors file. Default: Fashion-MNIST, or what a snapshot recorded.")
    var data: String?
    @OptionGroup var photoOptions: PhotoOptions

    /// `--data`, or the Fashion-MNIST folder.
    var dataPath: String { data ?? MNISTFormat.fashionMNISTFolder }

    /// Both splits, normalised (see `loadNormalisedClassification`), checked to fit `model`.
    func loadClassification(for model: Graph) throws -> (train: LabeledImages, test: LabeledImages) {
        let (train, test, _) = try loadNormalisedClassification(for: model)
        return (train, test)
    }

    /// Both IDX splits, checked to fit `model` (image shape = its input, every label one of its classes),
    /// normalised with Fashion-MNIST's published statistics for its Debian folder and with the
    /// statistics of the training split for any other folder: what `train` reads.
    func loadNormalisedClassification(for model: Graph) throws
        -> (train: LabeledImages, test: LabeledImages, statistics: PixelStatistics) {
        let path = dataPath
        let (train, test) = try MNISTFormat.load(folder: path)
        let imageShape = Array(train.images.shape.dropFirst())
        guard imageShape == model.inputShape else {
            throw CLIError("\(path) holds images of shape \(imageShape), the model takes \(model.inputShape); pass the --data it was made for")
        }
        let classes = model.outputShape.last ?? 0
        try LabeledImages.checkLabels(train.labels + test.labels, classes: classes, source: path)
        let statistics = isFashionMNIST(path) ? PixelStatistics(mean: MNISTFormat.fashionMNISTMean, std: MNISTFormat.fashionMNISTStd)
            : Self.ownStatistics(train)
        return (train.normalized(mean: statistics.mean, std: statistics.std),
                test.normalized(mean: statistics.mean, std: statistics.std), statistics)
    }

    /// The statistics of a training split; images of one value have no spread to divide by: centre them only.
    static func ownStatistics(_ train: LabeledImages) -> PixelStatistics {
        var statistics = train.pixelStatistics()
        if !(statistics.std > 1e-6) { statistics.std = 1 }
        return statistics
    }

    /// `path` names Debian's Fashion-MNIST folder.
    func isFashionMNIST(_ path: String) -> Bool {
        URL(fileURLWithPath: path).standardizedFileURL.path == URL(fileURLWithPath: MNISTFormat.fashionMNISTFolder).standardizedFileURL.path
    }

    /// The dataset as a model card names it.
    var datasetName: String { isFashionMNIST(dataPath) ? "Fashion-MNIST" : URL(fileURLWithPath: dataPath).standardizedFileURL.path }

    /// The data and preprocessing of a classification run: the flags, else what
    /// `recorded` (a snapshot's) says, else Fashion-MNIST with the model's default preprocessing.
    func selection(for model: Graph, images: ImageDataOptions?, recorded: DataSelection?) throws -> DataSelection {
        if let recorded, data == nil, images?.isGiven != true {
            return recorded
        }
        var preprocessing: ImagePreprocessing
        if let images, images.preprocessOptions.isGiven || recorded == nil {
            preprocessing = try images.preprocessOptions.resolve(sampleShape: model.inputShape)
        } else if let recorded {
            preprocessing = recorded.preprocessing
        } else {
            preprocessing = try PreprocessingChoice(preset: PreprocessOptions.defaultPreset(for: model.inputShape))
                .resolve(sampleShape: model.inputShape)
        }
        let path = data ?? recorded?.data ?? MNISTFormat.fashionMNISTFolder
        if images?.preprocessOptions.isGiven != true, recorded == nil, model.inputShape.last == 1, !isFashionMNIST(path),
           case .idx = try DataSource.detect(path) {
            // Another IDX dataset is normalised with its own training split's statistics, as `train` does.
            let statistics = Self.ownStatistics(try MNISTFormat.load(folder: path).train)
            preprocessing.mean = [statistics.mean]
            preprocessing.std = [statistics.std]
        }
        var selection = DataSelection(data: path,
                                      calibrationData: images?.calibrationData, labels: images?.labels,
                                      preprocessing: preprocessing, limit: images?.limit,
                                      skipBadImages: images?.skipBadImages ?? false)
        if images == nil, let recorded {
            selection.calibrationData = recorded.calibrationData
            selection.labels = recorded.labels
        }
        return selection.absolute
    }

    /// The search task (calibration set and test metric) for a model, and for a
    /// classifier the data selection to record with the run.
    func searchTask(for entry: ModelZoo.Entry, graph: Graph, images: ImageDataOptions? = nil, recorded: DataSelection? = nil,
                    calibration: Int, seed: UInt64,
                    srDistillation: SRDistillation = .lumaMSE) throws -> (task: any SearchTask, data: DataSelection?) {
        switch entry.task {
        case .classification:
            let selection = try selection(for: graph, images: images, recorded: recorded)
            FileHandle.standardError.write(Data("data: \(selection.data); preprocessing: \(selection.preprocessing.summary)\n".utf8))
            let task = try ClassificationData.task(selection, model: graph, calibrationCount: calibration, seed: seed,
                                                   cache: .standard) {
                FileHandle.standardError.write(Data(("note: " + $0 + "\n").utf8))
            }
            return (task, selection)
        case .superResolution:
            let patch = try inputSize(of: entry)
            let training = try photoOptions.loadTrainingPhotos(minimumSide: patch * entry.scale) {
                FileHandle.standardError.write(Data(($0 + "\n").utf8))
            }
            let photos = try EvaluationPhotos.load(folder: photoOptions.photos)
            try SREvaluation.checkEvaluable(try entry.build(0), scale: entry.scale, photos: photos)
            return (SuperResolutionTask(trainingPhotos: training, photos: photos, scale: entry.scale, patchSize: patch,
                                        calibrationCount: min(calibration, 256), seed: seed, objective: srDistillation), nil)
        }
    }

    /// The LR patch size a super-resolution graph is built for.
    func inputSize(of entry: ModelZoo.Entry) throws -> Int {
        try entry.build(0).inputShape[0]
    }
}
