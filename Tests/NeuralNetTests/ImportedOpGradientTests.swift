import Testing
import Tensor
import NeuralNet
import TestSupport

/// The ops ONNX import maps exported CNNs onto, each in a tiny graph behind a
/// 1×1 convolution (so its input gradient reaches a parameter).
enum ImportedOpCase: String, CaseIterable, Sendable {
    case hardSigmoid, hardSwish, clip, softmax, logSoftmax, channelAffine, channelAffineFlat
    case channelMultiply, reshape, channelShuffle, sliceChannels, padConstant, padReflect, padEdge
    case maxPoolCeil, avgPoolCeil, avgPoolCeilNoPad
    case resizeLinearAlignCorners, resizeLinearAsymmetric, resizeLinearHalfPixelShrink, resizeNearestHalfPixelFloor
    case resizeNearestSizes

    /// Wide enough that HardSwish's kinks (±3) and Clip's bounds are reached.
    var inputStd: Float { [.hardSigmoid, .hardSwish].contains(self) ? 3 : 1 }

    /// Behind global pooling a 1e-3 step moves the logits by less than Float
    /// round-off resolves; the smooth ops there take a larger one.
    var step: Float { [.softmax, .logSoftmax, .channelAffineFlat].contains(self) ? 1e-2 : 1e-3 }

    func graph() throws -> Graph {
        var b = GraphBuilder(name: rawValue, inputShape: [5, 6, 4], seed: 13)
        let pre = try b.add("pre", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 4, kernel: 1), bias: true))
        switch self {
        case .hardSigmoid: try b.add("op", HardSigmoidOp(alpha: 0.2, beta: 0.5))
        case .hardSwish: try b.add("op", HardSwishOp())
        case .clip:
            // An identity in front, so inputs kept clear of the bounds (see `input`) stay clear of them.
            b.graph.parameters["pre.weight"] = Tensor(shape: b.graph.parameters["pre.weight"]!.shape, scalars: (0..<16).map { $0 % 5 == 0 ? 1 : 0 })
            b.graph.parameters["pre.bias"] = Tensor(zeros: [4])
            try b.add("op", ClipOp(low: -1, high: 1.5))
        case .softmax, .logSoftmax:
            try b.add("pool", GlobalAvgPoolOp())
            try b.add("fc", LinearOp(inFeatures: 4, outFeatures: 7, bias: true))
            try b.add("op", SoftmaxOp(logarithm: self == .logSoftmax))
        case .channelAffine: try b.add("op", ChannelAffineOp(scale: [0.5, -2, 1, 3], shift: [1, 0, -1, 0.25]))
        case .channelAffineFlat:
            try b.add("pool", GlobalAvgPoolOp())
            try b.add("op", ChannelAffineOp(scale: [0.5, -2, 1, 3], shift: [1, 0, -1, 0.25]))
        case .channelMultiply:
            try b.add("pool", GlobalAvgPoolOp(), inputs: [b.graph.inputName])
            try b.add("gate_shape", ReshapeOp(shape: [1, 1, 4]))
            let gate = try b.add("gate", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 4, kernel: 1), bias: true))
            try b.add("op", ChannelMultiplyOp(), inputs: [pre, gate])
        case .reshape:
            try b.add("pool", GlobalAvgPoolOp())
            try b.add("op", ReshapeOp(shape: [1, 1, 4]))
            try b.add("post", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 3, kernel: 1), bias: false))
        case .channelShuffle: try b.add("op", ChannelShuffleOp(groups: 2))
        case .sliceChannels: try b.add("op", SliceChannelsOp(start: 1, count: 2))
        case .padConstant: try b.add("op", PadOp(top: 1, left: 0, bottom: 2, right: 3, mode: .constant(0.5)))
        case .padReflect: try b.add("op", PadOp(top: 2, left: 1, bottom: 1, right: 3, mode: .reflect))
        case .padEdge: try b.add("op", PadOp(top: 2, left: 1, bottom: 3, right: 0, mode: .edge))
        case .maxPoolCeil: try b.add("op", MaxPoolOp(Self.ceil(PoolGeometry(kernel: 2, stride: 2))))
        case .avgPoolCeil: try b.add("op", AvgPoolOp(Self.ceil(PoolGeometry(kernel: 3, stride: 2, padding: 1))))
        // Input 5×6: enlarging, shrinking and fractional factors, fixed sizes and scales.
        case .resizeLinearAlignCorners:
            try b.add("op", ResizeOp(height: .size(7), width: .size(4), sampling: .init(.linear, coordinates: .alignCorners)))
        case .resizeLinearAsymmetric:
            try b.add("op", ResizeOp(height: .scale(1.5), width: .scale(2.5), sampling: .init(.linear, coordinates: .asymmetric)))
        case .resizeLinearHalfPixelShrink:
            try b.add("op", ResizeOp(height: .scale(0.6), width: .scale(1.7), sampling: .init(.linear, coordinates: .halfPixel)))
        case .resizeNearestHalfPixelFloor:
            try b.add("op", ResizeOp(height: .scale(2), width: .scale(2), sampling: .init(.nearest, coordinates: .halfPixel, nearest: .floor)))
        case .resizeNearestSizes:
            try b.add("op", ResizeOp(height: .size(8), width: .size(3), sampling: .init(.nearest, coordinates: .alignCorners, nearest: .roundPreferCeil)))
        case .avgPoolCeilNoPad:
            try b.add("op", AvgPoolOp(Self.ceil(PoolGeometry(kernel: 3, stride: 2, padding: 1)), countIncludePad: false))
        }
        return b.graph
    }

    /// The test input: for Clip, values on both sides of both bounds but at
    /// least 0.2 from each, so finite differences never straddle a kink.
    func input(_ shape: [Int], generator: inout SeededGenerator) -> Tensor {
        var x = Tensor.randomNormal(shape, std: self == .clip ? 2 : inputStd, generator: &generator)
        guard self == .clip else { return x }
        x.scalars = x.scalars.map { v in
            for bound: Float in [-1, 1.5] where abs(v - bound) < 0.2 { return v < bound ? bound - 0.2 : bound + 0.2 }
            return v
        }
        return x
    }

    static func ceil(_ g: PoolGeometry) -> PoolGeometry {
        var g = g
        g.ceilMode = true
        return g
    }
}

@Suite("Ops for imported models: gradients against finite differences")
struct ImportedOpGradientTests {
    @Test(arguments: ImportedOpCase.allCases)
    func gradients(_ opCase: ImportedOpCase) throws {
        let graph = try opCase.graph()
        var rng = SeededGenerator(seed: 23)
        let x = opCase.input([2] + graph.inputShape, generator: &rng)
        var g = graph
        let (y, tape) = g.forwardForBackward(x, context: .training)
        #expect(Array(y.shape.dropFirst()) == graph.outputShape)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let (grads, dx) = g.backward(tape, gradOutput: r, inputGradient: true)
        for name in graph.trainableParameterNames {
            let check = GradientCheck.maxRelativeError(
                of: { value in
                    var h = graph
                    h.parameters[name] = value
                    return h.forward(x, context: .training).output
                }, at: graph.parameters[name]!, projection: r, analytic: try #require(grads[name]), step: opCase.step)
            #expect(check.error < 1e-2, "\(opCase) \(name): \(String(describing: check.worst))")
        }
        let inputCheck = GradientCheck.maxRelativeError(
            of: { graph.forward($0, context: .training).output }, at: x, projection: r, analytic: try #require(dx), step: opCase.step)
        #expect(inputCheck.error < 1e-2, "\(opCase) input: \(String(describing: inputCheck.worst))")
    }

    @Test("ceil mode keeps the last partial window; floor mode drops it")
    func ceilModeSizes() {
        var g = PoolGeometry(kernel: 3, stride: 2)
        #expect(g.outputSize(height: 8, width: 7) == (3, 3))
        g.ceilMode = true
        #expect(g.outputSize(height: 8, width: 7) == (4, 3))
        // PyTorch's rule: a window may not start inside the trailing padding
        // (width 5: ceil(5 / 2) + 1 = 4 windows, the fourth would start there).
        var p = PoolGeometry(kernel: 2, stride: 2, padding: 1)
        p.ceilMode = true
        #expect(p.outputSize(height: 4, width: 5) == (3, 3))
    }

    @Test("forward values: shuffle order, reflect and edge padding, resize, softmax")
    func forwardValues() throws {
        // One pixel with six channels, shuffled in 2 groups: [0 1 2 | 3 4 5] → [0 3 1 4 2 5].
        var s = GraphBuilder(name: "shuffle", inputShape: [1, 1, 6], seed: 0)
        try s.add("op", ChannelShuffleOp(groups: 2))
        #expect(s.graph.forward(Tensor(shape: [1, 1, 1, 6], scalars: [0, 1, 2, 3, 4, 5])).output.scalars == [0, 3, 1, 4, 2, 5])
        // A 1×3 row [1 2 3] padded by 2 on the left and 1 on the right.
        for (mode, expected) in [(PadOp.Mode.reflect, [3, 2, 1, 2, 3, 2] as [Float]), (.edge, [1, 1, 1, 2, 3, 3])] {
            var p = GraphBuilder(name: "pad", inputShape: [1, 3, 1], seed: 0)
            try p.add("op", PadOp(top: 0, left: 2, bottom: 0, right: 1, mode: mode))
            #expect(p.graph.forward(Tensor(shape: [1, 1, 3, 1], scalars: [1, 2, 3])).output.scalars == expected)
        }
        // A 1×3 row [0 1 2]: align_corners to 5 blends at half steps; half-pixel
        // nearest with floor rounding ×2 is not a plain repeat ([0 0 1 1 2 2]).
        for (op, expected) in [(ResizeOp(height: .size(1), width: .size(5), sampling: .init(.linear, coordinates: .alignCorners)), [0, 0.5, 1, 1.5, 2] as [Float]),
                               (ResizeOp(height: .scale(1), width: .scale(2), sampling: .init(.nearest, coordinates: .halfPixel, nearest: .floor)), [0, 0, 0, 1, 1, 2])] {
            var r = GraphBuilder(name: "resize", inputShape: [1, 3, 1], seed: 0)
            try r.add("op", op)
            #expect(r.graph.forward(Tensor(shape: [1, 1, 3, 1], scalars: [0, 1, 2])).output.scalars == expected)
        }
        var m = GraphBuilder(name: "softmax", inputShape: [3], seed: 0)
        try m.add("op", SoftmaxOp())
        let y = m.graph.forward(Tensor(shape: [1, 3], scalars: [0, 0, 0.6931472])).output.scalars
        #expect(abs(y[0] - 0.25) < 1e-6 && abs(y[2] - 0.5) < 1e-6)
    }
}
