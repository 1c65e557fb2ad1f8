import Testing
import Tensor
import NeuralNet
import TestSupport

/// A small residual network exercising conv, batch norm, ReLU, add, pooling
/// and the linear head, with BN in training mode.
func tinyResidualGraph(seed: UInt64) throws -> Graph {
    var b = GraphBuilder(name: "tiny", inputShape: [6, 5, 2], seed: seed)
    try b.add("conv1", Conv2DOp(ConvGeometry(inChannels: 2, outChannels: 3, kernel: 3, padding: 1), bias: true))
    try b.add("bn1", BatchNormOp(channels: 3))
    let a = try b.add("relu1", ReLUOp())
    try b.add("conv2", Conv2DOp(ConvGeometry(inChannels: 3, outChannels: 3, kernel: 3, padding: 1), bias: false))
    let main = try b.add("bn2", BatchNormOp(channels: 3))
    try b.add("add", AddOp(), inputs: [main, a])
    try b.add("pool", GlobalAvgPoolOp())
    try b.add("fc", LinearOp(inFeatures: 3, outFeatures: 4))
    // Move BN parameters off their defaults so every term of the gradient matters.
    var rng = SeededGenerator(seed: seed &+ 1)
    for name in ["bn1.weight", "bn2.weight"] { b.graph.parameters[name] = Tensor.randomUniform([3], low: 0.5, high: 1.5, generator: &rng) }
    for name in ["bn1.bias", "bn2.bias"] { b.graph.parameters[name] = Tensor.randomNormal([3], std: 0.3, generator: &rng) }
    return b.graph
}

@Suite("Graph execution and gradients")
struct GraphGradientTests {
    @Test("every parameter's gradient matches finite differences (training mode)")
    func parameterGradients() throws {
        let graph = try tinyResidualGraph(seed: 3)
        // Finite differences are valid only away from ReLU's kink: take the
        // first input whose pre-ReLU values all keep a margin from zero
        // (a step of 1e-3 on a parameter moves them by at most about 3e-3).
        var chosen: Tensor?
        for seed in UInt64(5)..<UInt64(205) {
            var rng = SeededGenerator(seed: seed)
            let candidate = Tensor.randomNormal([4, 6, 5, 2], generator: &rng)
            let pre = graph.forward(candidate, context: .training, keep: ["bn1"]).kept
            if pre.values.allSatisfy({ t in t.scalars.allSatisfy { abs($0) > 0.005 } }) { chosen = candidate; break }
        }
        let x = try #require(chosen, "no input among 200 seeds keeps the pre-ReLU values 0.005 from the kink")
        let labels: [Int32] = [0, 3, 1, 2]
        var g = graph
        let (logits, tape) = g.forwardForBackward(x, context: .training)
        let (_, dLogits) = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        let (grads, dx) = g.backward(tape, gradOutput: dLogits, inputGradient: true)
        #expect(Set(grads.keys) == Set(graph.trainableParameterNames))
        // Batch norm in training mode subtracts the batch mean, so a bias right
        // before it has exactly zero gradient: check that, not float noise.
        #expect(grads["conv1.bias"]!.maxAbs < 1e-6)
        for name in graph.trainableParameterNames where name != "conv1.bias" {
            let p = graph.parameters[name]!
            let check = GradientCheck.maxRelativeError(
                of: { value in
                    var h = graph
                    h.parameters[name] = value
                    let (out, _) = h.forwardForBackward(x, context: .training)
                    return Tensor(SoftmaxCrossEntropy.lossAndGradient(logits: out, labels: labels).loss)
                },
                // A small step: larger ones push some pre-ReLU values across the kink.
                at: p, projection: Tensor(1), analytic: grads[name]!, step: 1e-3)
            #expect(check.error < 2e-2, "\(name): \(String(describing: check.worst))")
        }
        let inputCheck = GradientCheck.maxRelativeError(
            of: { value in
                var h = graph
                let (out, _) = h.forwardForBackward(value, context: .training)
                return Tensor(SoftmaxCrossEntropy.lossAndGradient(logits: out, labels: labels).loss)
            },
            at: x, projection: Tensor(1), analytic: dx!, step: 1e-3)
        #expect(inputCheck.error < 2e-2, "input: \(String(describing: inputCheck.worst))")
    }

    @Test("training forward updates running statistics; inference uses them")
    func runningStatistics() throws {
        var graph = try tinyResidualGraph(seed: 1)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.randomNormal([8, 6, 5, 2], std: 2, generator: &rng)
        let before = graph.parameters["bn1.running_var"]!
        _ = graph.forwardForBackward(x, context: .training)
        #expect(graph.parameters["bn1.running_var"]! != before)
        let (a, _) = graph.forward(x)
        let (b, _) = graph.forward(x)
        #expect(a == b)
    }

    @Test("shape errors name the node")
    func shapeErrors() throws {
        var b = GraphBuilder(name: "bad", inputShape: [8, 8, 3], seed: 0)
        #expect(throws: GraphError.shape(node: "conv", message: "conv2d expects 4 input channels, got 3")) {
            try b.add("conv", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 2, kernel: 3), bias: false))
        }
        #expect(throws: GraphError.unknownInput(node: "relu", input: "nowhere")) {
            try b.add("relu", ReLUOp(), inputs: ["nowhere"])
        }
    }

    @Test("ResNet-20 has the published size and deterministic parameter names")
    func resnet20() throws {
        let g = try ResNet20.build(seed: 0)
        #expect(g.outputShape == [10])
        // 0.27 M parameters with option-A shortcuts; the two 1×1 projections add 0.003 M.
        #expect(g.parameterCount > 270_000 && g.parameterCount < 275_000)
        #expect(g.trainableParameterNames.contains("stage2.block0.shortcut.conv.weight"))
        let again = try ResNet20.build(seed: 0)
        #expect(again.parameters == g.parameters)
    }

    @Test("BN folding leaves the inference output unchanged")
    func foldBatchNorm() throws {
        var graph = try tinyResidualGraph(seed: 4)
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<3 { _ = graph.forwardForBackward(Tensor.randomNormal([8, 6, 5, 2], std: 1.5, generator: &rng), context: .training) }
        let x = Tensor.randomNormal([3, 6, 5, 2], generator: &rng)
        let before = graph.forward(x).output
        var folded = graph
        let count = try folded.foldBatchNorms()
        #expect(count == 2)
        #expect(!folded.nodes.contains { $0.op is BatchNormOp })
        #expect(maxAbsDifference(folded.forward(x).output, before) < 1e-4)
    }
}

@Suite("Optimizers and schedules")
struct OptimizerTests {
    @Test("SGD with Nesterov momentum and weight decay follows PyTorch's update")
    func sgd() {
        var opt = SGD(momentum: 0.9, nesterov: true, weightDecay: 0.1)
        var params = ["w": Tensor(shape: [1], scalars: [1])]
        let grad = ["w": Tensor(shape: [1], scalars: [0.5])]
        opt.step(&params, gradients: grad, lr: 0.1)
        // d = 0.5 + 0.1·1 = 0.6; buf = 0.6; nesterov d = 0.6 + 0.9·0.6 = 1.14; w = 1 − 0.114
        #expect(abs(params["w"]![flat: 0] - 0.886) < 1e-6)
        opt.step(&params, gradients: grad, lr: 0.1)
        // d = 0.5 + 0.0886 = 0.5886; buf = 0.54 + 0.5886 = 1.1286; d = 0.5886 + 1.01574 = 1.60434
        #expect(abs(params["w"]![flat: 0] - (0.886 - 0.160434)) < 1e-5)
    }

    @Test("Adam's first step moves each parameter by lr against its gradient's sign")
    func adam() {
        var opt = Adam()
        var params = ["w": Tensor(shape: [3], scalars: [1, 2, 3])]
        opt.step(&params, gradients: ["w": Tensor(shape: [3], scalars: [0.5, -2, 1e-3])], lr: 0.01)
        #expect(abs(params["w"]![flat: 0] - 0.99) < 1e-5)
        #expect(abs(params["w"]![flat: 1] - 2.01) < 1e-5)
        #expect(abs(params["w"]![flat: 2] - 2.99) < 1e-4)
    }

    @Test("schedules")
    func schedules() {
        let cos = LearningRateSchedule.cosine(base: 0.1, totalSteps: 100, minimum: 0)
        #expect(abs(cos.rate(at: 0) - 0.1) < 1e-7)
        #expect(abs(cos.rate(at: 50) - 0.05) < 1e-6)
        #expect(abs(cos.rate(at: 100)) < 1e-7)
        let warm = LearningRateSchedule.warmup(steps: 4, then: .constant(0.2))
        #expect(abs(warm.rate(at: 0) - 0.05) < 1e-7)
        #expect(abs(warm.rate(at: 3) - 0.2) < 1e-7)
        #expect(abs(warm.rate(at: 10) - 0.2) < 1e-7)
        let step = LearningRateSchedule.step(base: 1, stepSize: 10, gamma: 0.5)
        #expect(step.rate(at: 9) == 1 && step.rate(at: 10) == 0.5 && step.rate(at: 25) == 0.25)
    }
}
