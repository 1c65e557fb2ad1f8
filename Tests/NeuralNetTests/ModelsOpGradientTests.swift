import Testing
import Tensor
import NeuralNet
import TestSupport

/// One tiny graph per new op, with a 1×1 convolution in front (so the op's
/// input gradient reaches a parameter) and, for two-input ops, two branches.
enum OpCase: String, CaseIterable, Sendable {
    case relu6, leakyReLU, prelu, sigmoid, scale, meanShift, pixelShuffle, upsampleNearest, upsampleBilinear
    case concat, multiply, maxPool, avgPool, avgPoolNoPad, convTranspose

    /// Pre-activation values spread over ±8 so ReLU6's upper kink is exercised too.
    var inputStd: Float { self == .relu6 ? 4 : 1 }

    func graph() throws -> Graph {
        var b = GraphBuilder(name: rawValue, inputShape: [4, 6, 4], seed: 11)
        let pre = try b.add("pre", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 4, kernel: 1), bias: true))
        switch self {
        case .relu6: try b.add("op", ReLU6Op())
        case .leakyReLU: try b.add("op", LeakyReLUOp(slope: 0.2))
        case .prelu:
            try b.add("op", PReLUOp(channels: 4))
            // Distinct slopes per channel, so a channel mix-up shows.
            b.graph.parameters["op.weight"] = Tensor(shape: [4], scalars: [0.1, 0.25, -0.3, 0.6])
        case .sigmoid: try b.add("op", SigmoidOp())
        case .scale: try b.add("op", ScaleOp(factor: 0.1))
        case .meanShift: try b.add("op", MeanShiftOp(offsets: [0.5, -1, 2, 0]))
        case .pixelShuffle: try b.add("op", PixelShuffleOp(upscale: 2))
        case .upsampleNearest: try b.add("op", UpsampleOp(factor: 2, mode: .nearest))
        case .upsampleBilinear: try b.add("op", UpsampleOp(factor: 3, mode: .bilinear))
        case .concat:
            let other = try b.add("other", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 2, kernel: 1), bias: false),
                                  inputs: [b.graph.inputName])
            try b.add("op", ConcatOp(), inputs: [pre, other])
        case .multiply:
            let other = try b.add("other", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 4, kernel: 1), bias: false),
                                  inputs: [b.graph.inputName])
            try b.add("op", MultiplyOp(), inputs: [pre, other])
        case .maxPool: try b.add("op", MaxPoolOp(PoolGeometry(kernel: 3, stride: 2, padding: 1)))
        case .avgPool: try b.add("op", AvgPoolOp(PoolGeometry(kernel: 3, stride: 2, padding: 1)))
        case .avgPoolNoPad: try b.add("op", AvgPoolOp(PoolGeometry(kernel: 3, stride: 2, padding: 1), countIncludePad: false))
        case .convTranspose:
            try b.add("op", ConvTranspose2DOp(ConvTransposeGeometry(inChannels: 4, outChannels: 6, kernel: 3, stride: 2,
                                                                    padding: 1, outputPadding: 1, groups: 2), bias: true))
        }
        return b.graph
    }
}

@Suite("Graph op wrappers: gradients against finite differences")
struct ModelsOpGradientTests {
    @Test(arguments: OpCase.allCases)
    func gradients(_ opCase: OpCase) throws {
        let graph = try opCase.graph()
        var rng = SeededGenerator(seed: 21)
        let x = Tensor.randomNormal([2] + graph.inputShape, std: opCase.inputStd, generator: &rng)
        var g = graph
        let (y, tape) = g.forwardForBackward(x, context: .training)
        #expect(Array(y.shape.dropFirst()) == graph.outputShape)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let (grads, dx) = g.backward(tape, gradOutput: r, inputGradient: true)
        #expect(Set(grads.keys) == Set(graph.trainableParameterNames))
        // Small steps: larger ones move values across kinks (ReLU family, max pool).
        for name in graph.trainableParameterNames {
            let check = GradientCheck.maxRelativeError(
                of: { value in
                    var h = graph
                    h.parameters[name] = value
                    return h.forward(x, context: .training).output
                }, at: graph.parameters[name]!, projection: r, analytic: grads[name]!, step: 1e-3)
            #expect(check.error < 1e-2, "\(opCase) \(name): \(String(describing: check.worst))")
        }
        let inputCheck = GradientCheck.maxRelativeError(
            of: { graph.forward($0, context: .training).output }, at: x, projection: r, analytic: dx!, step: 1e-3)
        #expect(inputCheck.error < 1e-2, "\(opCase) input: \(String(describing: inputCheck.worst))")
    }

    @Test("shape contracts are checked when the graph is built")
    func shapeErrors() throws {
        var b = GraphBuilder(name: "bad", inputShape: [4, 4, 3], seed: 0)
        #expect(throws: GraphError.self) { try b.add("shuffle", PixelShuffleOp(upscale: 2)) }
        #expect(throws: GraphError.self) { try b.add("prelu", PReLUOp(channels: 5)) }
        #expect(throws: GraphError.self) { try b.add("shift", MeanShiftOp(offsets: [1, 2])) }
        let a = try b.add("a", Conv2DOp(ConvGeometry(inChannels: 3, outChannels: 2, kernel: 3), bias: false),
                          inputs: [b.graph.inputName])
        #expect(throws: GraphError.self) { try b.add("mul", MultiplyOp(), inputs: [a, b.graph.inputName]) }
        #expect(throws: GraphError.self) { try b.add("cat", ConcatOp(), inputs: [a, b.graph.inputName]) }
    }

    @Test("forward values of the constant ops")
    func constantOps() throws {
        var b = GraphBuilder(name: "const", inputShape: [1, 2, 2], seed: 0)
        try b.add("shift", MeanShiftOp(offsets: [1, -2]))
        try b.add("scale", ScaleOp(factor: 0.5))
        // NHWC [1, 1, 2, 2]: channel 0 holds 0 and 4, channel 1 holds 2 and 6.
        let x = Tensor(shape: [1, 1, 2, 2], scalars: [0, 2, 4, 6])
        #expect(b.graph.forward(x).output.scalars == [0.5, 0, 2.5, 2])
        var p = GraphBuilder(name: "prelu", inputShape: [1, 1, 2], seed: 0)
        try p.add("act", PReLUOp(channels: 2))
        #expect(p.graph.parameters["act.weight"]!.scalars == [0.25, 0.25])
        #expect(p.graph.forward(Tensor(shape: [1, 1, 1, 2], scalars: [-4, 3])).output.scalars == [-1, 3])
    }
}
