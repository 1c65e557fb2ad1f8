import Foundation
import Tensor
import NeuralNet
import Quantization
import Search

/// Time of one DQSS search step against one plain float training step of the
/// same network and batch, and what the naive form (one convolution per
/// candidate pair) would cost.
struct SearchBench {
    let batch: Int
    let repetitions: Int

    struct Result {
        var floatStep: Double
        /// Floating-point operations of one float step: forward, input and weight gradients.
        var floatStepFlops: Double
        var searchStep: Double
        var naiveStep: Double
        var candidates: (Int, Int)
    }

    func run() throws -> Result {
        var rng = SeededGenerator(seed: 3)
        var graph = try ResNet20.build(seed: 0)
        try graph.foldBatchNorms()
        let calibrationImages = Tensor.randomNormal([256, 28, 28, 1], generator: &rng)
        let methods = PTQMethod.allCases
        let candidates = PTQCalibration(weightMethods: methods.map { WeightMethod($0) }, activationMethods: methods,
                                        bits: BitWidths(weight: 4, activation: 4)).calibrate(graph, images: calibrationImages)
        var supernet = try Supernet(float: graph, candidates: candidates, freezeWeights: true)
        let x = Tensor.randomNormal([batch, 28, 28, 1], generator: &rng)
        var floatGraph = graph
        // Both steps distil towards the float model's logits (KL), as the search does.
        let teacher = graph.forward(x).output
        let floatStep = BenchTable.measure(repetitions: repetitions) {
            let (y, tape) = floatGraph.forwardForBackward(x, context: .training)
            let loss = KLDivergence.distillation(student: y, teacher: teacher)
            _ = floatGraph.backward(tape, gradOutput: loss.gradient)
        }
        let logits = Set(supernet.logitParameterNames)
        var optimizer = Adam()
        let searchStep = BenchTable.measure(repetitions: repetitions) {
            let (y, tape) = supernet.graph.forwardForBackward(x, context: ExecutionContext(training: true, temperature: 1))
            let loss = KLDivergence.distillation(student: y, teacher: teacher)
            let grads = supernet.graph.backward(tape, gradOutput: loss.gradient, wrt: logits).parameters
            optimizer.step(&supernet.graph.parameters, gradients: grads, lr: 0)
        }
        // Naive form: per layer, M·N quantized convolutions forward and their backward.
        let layerInputs = graph.forward(x, keep: Set(supernet.layers.map { graph.node(named: $0)!.inputs[0] })).kept
        let naiveStep = BenchTable.measure(warmup: 1, repetitions: max(1, repetitions / 3)) {
            for name in supernet.layers {
                let node = graph.node(named: name)!
                let input = layerInputs[node.inputs[0]]!
                let w = graph.parameters["\(name).weight"]!
                let c = candidates[name]!
                let qx = c.activation.map { FakeQuant.forward(input, $0) }
                let qw = c.weight.map { FakeQuant.forward(w, $0) }
                for xi in qx {
                    for wj in qw {
                        if let conv = node.op as? Conv2DOp {
                            let y = Convolution.forward(xi, weight: wj, bias: nil, geometry: conv.geometry)
                            _ = Convolution.backward(y, input: xi, weight: wj, hasBias: false, geometry: conv.geometry)
                        } else {
                            let y = FullyConnected.forward(xi, weight: wj, bias: nil)
                            _ = FullyConnected.backward(y, input: xi, weight: wj, hasBias: false)
                        }
                    }
                }
            }
        }
        let floatStepFlops = 3 * 2 * Double(graph.macs) * Double(batch)
        return Result(floatStep: floatStep, floatStepFlops: floatStepFlops, searchStep: searchStep, naiveStep: naiveStep, candidates: (methods.count, methods.count))
    }
}
