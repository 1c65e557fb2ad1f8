import Tensor
import NeuralNet
import Datasets
import Training

/// Classification: KL divergence to the float model's logits (no labels
/// needed), top-1 accuracy on the test split.
public struct ClassificationTask: SearchTask {
    public let calibrationInputs: Tensor
    public let test: LabeledImages
    /// The training split (normalised), for quantization-aware search.
    public let train: LabeledImages
    /// The normalised value of a black pixel: augmentation pads with it.
    public let fillValue: Float
    /// "top-1", or "top-1 agreement" when the float model's predictions stand in for labels.
    public let metricName: String

    /// Draws `calibrationCount` training images with a seeded shuffle.
    public init(train: LabeledImages, test: LabeledImages, calibrationCount: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed ^ 0xCA11_B4A7)
        var order = Array(0..<train.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        calibrationInputs = train.images.rows(Array(order.prefix(min(calibrationCount, train.count))))
        self.test = test
        self.train = train
        fillValue = train.images.scalars.min() ?? 0
        metricName = "top-1"
    }

    /// Given calibration inputs; `metricName` says what the test labels are.
    public init(calibrationInputs: Tensor, train: LabeledImages, test: LabeledImages, metricName: String = "top-1") {
        self.calibrationInputs = calibrationInputs
        self.train = train
        self.test = test
        self.metricName = metricName
        fillValue = train.images.scalars.min() ?? 0
    }

    public func distillation(student: Tensor, teacher: Tensor) -> (loss: Float, gradient: Tensor) {
        KLDivergence.distillation(student: student, teacher: teacher)
    }

    public func evaluate(_ graph: Graph, limit: Int) -> Double {
        let data = limit > 0 ? test.subset(0..<min(limit, test.count)) : test
        return 100 * ClassifierEvaluation.evaluate(graph, on: data).accuracy
    }
}
