import ArgumentParser
import Datasets

/// Where the classification data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Folder with the four MNIST-format IDX files (gzipped or not).")
    var data: String = MNISTFormat.fashionMNISTFolder

    /// Both splits, normalised with the Fashion-MNIST statistics.
    func loadClassification() throws -> (train: LabeledImages, test: LabeledImages) {
        let (train, test) = try MNISTFormat.load(folder: data)
        let mean = MNISTFormat.fashionMNISTMean, std = MNISTFormat.fashionMNISTStd
        return (train.normalized(mean: mean, std: std), test.normalized(mean: mean, std: std))
    }

    /// The value a black pixel takes after normalisation (crop padding uses it).
    var blackValue: Float { -MNISTFormat.fashionMNISTMean / MNISTFormat.fashionMNISTStd }
}
