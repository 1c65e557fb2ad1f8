import Testing
import Foundation
import Tensor
import NeuralNet
import Datasets
import Training

@Suite("Classifier training")
struct ClassifierTrainingTests {
    @Test("a short ResNet-20 run on 1,024 Fashion-MNIST images lowers the loss and beats chance")
    func shortRunLearns() throws {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let mean = MNISTFormat.fashionMNISTMean, std = MNISTFormat.fashionMNISTStd
        let small = train.subset(0..<1024).normalized(mean: mean, std: std)
        let held = test.subset(0..<500).normalized(mean: mean, std: std)
        let graph = try ResNet20.build(seed: 1)
        let before = ClassifierEvaluation.evaluate(graph, on: held)
        var trainer = ClassifierTrainer(graph: graph, config: ClassifierTrainingConfig(
            model: "resnet20", epochs: 2, batchSize: 64, learningRate: 0.05, seed: 1))
        let start = Date()
        var losses: [Double] = []
        for _ in 0..<2 { losses.append(try trainer.trainEpoch(on: small, fillValue: -mean / std).meanLoss) }
        let after = ClassifierEvaluation.evaluate(trainer.graph, on: held)
        print("2 epochs on 1,024 images: \(Date().timeIntervalSince(start)) s; loss \(losses); test acc \(before.accuracy) → \(after.accuracy)")
        #expect(losses[1] < losses[0])
        #expect(after.meanLoss < before.meanLoss)
        #expect(after.accuracy > 0.3)  // chance is 0.1
    }
}
