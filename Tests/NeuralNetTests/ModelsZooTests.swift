import Testing
import Tensor
import NeuralNet

@Suite("Model zoo: MobileNetV2, EDSR, SRResNet")
struct ModelsZooTests {
    @Test("MobileNetV2: shapes, residuals, size and deterministic names")
    func mobileNetV2() throws {
        let g = try MobileNetV2.build(seed: 0)
        #expect(g.outputShape == [10])
        #expect(g.shapes["stem.bn"] == [28, 28, 16])
        #expect(g.shapes["stage2.block0.dw.bn"] == [14, 14, 96])
        #expect(g.shapes["stage3.block1.project.bn"] == [7, 7, 32])
        #expect(g.shapes["head.bn"] == [7, 7, 192])
        // Identity shortcuts only where stride 1 and widths agree.
        #expect(g.node(named: "stage1.block0.add") != nil)
        #expect(g.node(named: "stage2.block0.add") == nil)
        #expect(g.node(named: "stage2.block1.add") != nil)
        #expect(g.node(named: "stage4.block0.add") == nil)
        #expect(g.node(named: "stage1.block0.expand.conv") == nil)
        #expect(g.node(named: "stage2.block0.dw.conv")?.op.kind == "depthwise")
        #expect(g.parameterCount > 100_000 && g.parameterCount < 160_000)
        #expect(try MobileNetV2.build(seed: 0).parameters == g.parameters)
        var rng = SeededGenerator(seed: 1)
        var h = g
        let (y, _) = h.forwardForBackward(Tensor.randomNormal([4, 28, 28, 1], generator: &rng), context: .training)
        #expect(y.shape == [4, 10] && y.isFinite)
    }

    @Test("EDSR: parameter counts worked out by hand, output sizes, MACs")
    func edsr() throws {
        // head 3·32·9+32, 8 blocks × 2 × (32·32·9+32), body 32·32·9+32, per ×2 stage 32·128·9+128, tail 32·3·9+3.
        let x2 = try EDSR.build(scale: 2)
        #expect(x2.parameterCount == 896 + 16 * 9_248 + 9_248 + 36_992 + 867)
        #expect(x2.outputShape == [96, 96, 3])
        let x4 = try EDSR.build(scale: 4, lrHeight: 20, lrWidth: 12)
        #expect(x4.parameterCount == 896 + 16 * 9_248 + 9_248 + 2 * 36_992 + 867)
        #expect(x4.outputShape == [80, 48, 3])
        // Per LR pixel: 864 + 16·9216 + 9216 + 36864 + 4·864 (tail at HR).
        #expect(x2.macs == 48 * 48 * (864 + 16 * 9_216 + 9_216 + 36_864 + 4 * 864))
        #expect(x2.trainableParameterNames.contains("body.block7.conv2.weight"))
        #expect(x2.trainableParameterNames.contains("upsample.conv0.weight"))
    }

    @Test("EDSR's untrained output stays near the input range")
    func edsrInitialisation() throws {
        let g = try EDSR.build(scale: 2, lrHeight: 16, lrWidth: 16)
        var rng = SeededGenerator(seed: 3)
        let y = g.forward(Tensor.randomUniform([2, 16, 16, 3], generator: &rng)).output
        #expect(y.maxAbs < 3, "untrained EDSR output reaches \(y.maxAbs)")
    }

    @Test("SRResNet ×4: parameter count, output size, PReLU slopes")
    func srresnet() throws {
        let g = try SRResNet.build(scale: 4, lrHeight: 10, lrWidth: 14)
        // head 3·32·81+32 + 32, blocks 8 × (2·9248 + 2·64 + 32), body 9248 + 64, 2 × (36992 + 32), tail 32·3·81+3.
        #expect(g.parameterCount == 7_808 + 32 + 8 * 18_656 + 9_312 + 2 * 37_024 + 7_779)
        #expect(g.outputShape == [40, 56, 3])
        #expect(g.parameters["body.block0.prelu.weight"]!.scalars == [Float](repeating: 0.25, count: 32))
        var rng = SeededGenerator(seed: 2)
        var h = g
        let (y, _) = h.forwardForBackward(Tensor.randomUniform([2, 10, 14, 3], generator: &rng), context: .training)
        #expect(y.shape == [2, 40, 56, 3] && y.isFinite)
    }

    @Test("zoo entries carry task and scale", arguments: [("mobilenetv2", 1), ("edsr-x2", 2), ("edsr-x4", 4), ("srresnet-x4", 4)])
    func zoo(name: String, scale: Int) throws {
        let e = try ModelZoo.entry(name)
        #expect(e.scale == scale)
        #expect(e.task == (scale == 1 ? .classification : .superResolution))
        let g = try e.build(0)
        if scale > 1 { #expect(g.outputShape == [g.inputShape[0] * scale, g.inputShape[1] * scale, 3]) }
    }
}
