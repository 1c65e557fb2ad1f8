import Tensor
import NeuralNet

/// Float training throughput of the zoo's recipes: forward, backward and an
/// Adam update per step, batch-norm layers in training mode.
struct TrainingBench {
    let repetitions: Int

    struct Result {
        var model: String
        var batch: Int
        var seconds: Double
        var flops: Double
        /// "images" for classifiers, "patches" for super-resolution.
        var unit: String
        var itemsPerSecond: Double { Double(batch) / seconds }
    }

    func run() throws -> [Result] {
        var rng = SeededGenerator(seed: 5)
        var results: [Result] = []
        for (name, batch) in [("resnet20", 64), ("mobilenetv2", 64)] {
            var graph = try ModelZoo.entry(name).build(0)
            let x = Tensor.randomNormal([batch] + graph.inputShape, generator: &rng)
            let labels = (0..<batch).map { Int32($0 % 10) }
            var optimizer = Adam()
            let seconds = BenchTable.measure(repetitions: repetitions) {
                let (y, tape) = graph.forwardForBackward(x, context: .training)
                let loss = SoftmaxCrossEntropy.lossAndGradient(logits: y, labels: labels)
                let grads = graph.backward(tape, gradOutput: loss.gradient).parameters
                optimizer.step(&graph.parameters, gradients: grads, lr: 1e-4)
            }
            results.append(Result(model: name, batch: batch, seconds: seconds,
                                  flops: 3 * 2 * Double(graph.macs) * Double(batch), unit: "images"))
        }
        // EDSR ×2 on its training recipe's 48×48 LR patches.
        var edsr = try ModelZoo.entry("edsr-x2").build(0)
        let batch = 16
        let lr = Tensor.randomUniform([batch] + edsr.inputShape, low: 0, high: 1, generator: &rng)
        let hr = Tensor.randomUniform([batch] + edsr.outputShape, low: 0, high: 1, generator: &rng)
        var optimizer = Adam()
        let seconds = BenchTable.measure(repetitions: repetitions) {
            let (y, tape) = edsr.forwardForBackward(lr, context: .training)
            let loss = L1Loss.lossAndGradient(prediction: y, target: hr)
            let grads = edsr.backward(tape, gradOutput: loss.gradient).parameters
            optimizer.step(&edsr.parameters, gradients: grads, lr: 1e-4)
        }
        results.append(Result(model: "edsr-x2", batch: batch, seconds: seconds,
                              flops: 3 * 2 * Double(edsr.macs) * Double(batch), unit: "patches"))
        return results
    }
}
