import Testing
import Foundation
import Tensor
import NeuralNet
import Datasets
import Training

/// A smooth synthetic photo with some texture, so bicubic is good but not perfect.
func syntheticPhoto(width: Int, height: Int) -> RGBImage {
    var pixels = [Float](repeating: 0, count: 3 * width * height)
    for c in 0..<3 {
        for y in 0..<height {
            for x in 0..<width {
                let u = Float(x) / Float(width), v = Float(y) / Float(height)
                pixels[(c * height + y) * width + x] = 0.5 + 0.3 * sinf(9 * u + Float(c)) * cosf(7 * v)
                    + 0.1 * sinf(Float(x * 3 + y * 2 + c) * 0.7)
            }
        }
    }
    return RGBImage(width: width, height: height, pixels: pixels)
}

@Suite("Super-resolution training and evaluation")
struct SRTrainingTests {
    @Test("a short run on a tiny patch set lowers the L1 loss")
    func trainingLowersLoss() throws {
        let config = SRTrainingConfig(model: "edsr-x2", scale: 2, patchSize: 12, batchSize: 4, steps: 60,
                                      learningRate: 1e-3, seed: 1)
        let graph = try EDSR.build(scale: 2, channels: 8, blocks: 2, seed: 1)
        var trainer = try SRTrainer(graph: graph, config: config)
        #expect(trainer.graph.inputShape == [12, 12, 3])
        let sampler = SRPairSampler(images: [syntheticPhoto(width: 64, height: 48)], scale: 2, patchSize: 12, seed: 4)
        // A held-out batch (index far past the run) scored before and after, free of sampling noise.
        let (low, high) = sampler.batch(1_000_000, size: 16)
        func heldOutLoss() -> Float {
            L1Loss.lossAndGradient(prediction: trainer.graph.forward(low).output, target: high).loss
        }
        let before = heldOutLoss()
        try trainer.train(steps: 60, sampler: sampler)
        let after = heldOutLoss()
        #expect(trainer.stepsDone == 60)
        #expect(after < 0.8 * before, "held-out L1 went from \(before) to \(after)")
        // The run is capped at the recipe's step count.
        try trainer.train(steps: 5, sampler: sampler)
        #expect(trainer.stepsDone == 60)
    }

    @Test("re-targeting a graph to another input size keeps its function")
    func resize() throws {
        let g = try EDSR.build(scale: 2, channels: 8, blocks: 1, lrHeight: 14, lrWidth: 14, seed: 2)
        let big = try SRGraphResize.resized(g, height: 24, width: 22)
        #expect(big.inputShape == [24, 22, 3] && big.outputShape == [48, 44, 3])
        #expect(big.parameters == g.parameters)
        #expect(try SRGraphResize.resized(big, height: 14, width: 14).outputShape == g.outputShape)
        // The small graph sees a 14×14 crop (rows 5–18, cols 4–17) of the big input. Five 3×3 convs at LR
        // reach 5 LR pixels, the tail 1 HR pixel: HR rows/cols 12–15 of the small output are free of padding.
        var rng = SeededGenerator(seed: 5)
        let x = Tensor.randomUniform([1, 24, 22, 3], generator: &rng)
        var crop = [Float]()
        for i in 5..<19 { for j in 4..<18 { for c in 0..<3 { crop.append(x[flat: (i * 22 + j) * 3 + c]) } } }
        let yBig = big.forward(x).output
        let ySmall = g.forward(Tensor(shape: [1, 14, 14, 3], scalars: crop)).output
        var worst: Float = 0
        for c in 0..<3 {
            for i in 12..<16 {
                for j in 12..<16 {
                    worst = max(worst, abs(yBig[flat: ((10 + i) * 44 + 8 + j) * 3 + c] - ySmall[flat: (i * 28 + j) * 3 + c]))
                }
            }
        }
        #expect(worst < 1e-4)
    }

    @Test("bicubic baseline: exact on a linear ramp, and the evaluation uses the Y channel with a border crop")
    func bicubicBaseline() throws {
        // Bicubic (a = −0.5) reproduces linear functions away from the borders.
        var ramp = [Float](repeating: 0, count: 3 * 64 * 64)
        for c in 0..<3 { for y in 0..<64 { for x in 0..<64 { ramp[(c * 64 + y) * 64 + x] = 0.1 + 0.012 * Float(x) + 0.001 * Float(y) } } }
        let identity = try upsamplingGraph(scale: 2, height: 32, width: 32, mode: .nearest)
        let r = try SREvaluation.evaluate(identity, scale: 2, name: "ramp", photo: RGBImage(width: 64, height: 64, pixels: ramp), crop: 0)
        #expect(r.bicubicPSNR > 60, "bicubic on a ramp: \(r.bicubicPSNR) dB")
        // Nearest-neighbour upscaling is visibly worse than bicubic on the same ramp.
        #expect(r.psnr < 50)
        // The model's metric equals PSNR(Y) computed by hand on the same crop.
        let photo = syntheticPhoto(width: 90, height: 70)
        let res = try SREvaluation.evaluate(identity, scale: 2, name: "p", photo: photo, crop: 48)
        let hr = photo.cropped(x: 21, y: 11, width: 48, height: 48)
        let lr = hr.bicubicDownscaled(by: 2)
        let up = RGBImage(tensor: Upsample.forward(lr.tensor, factor: 2, mode: .nearest))
        #expect(res.width == 48 && res.height == 48)
        #expect(abs(res.psnr - ImageQuality.psnrY(up, hr, border: 2)) < 1e-9)
        #expect(abs(res.bicubicPSNR - ImageQuality.psnrY(lr.bicubicUpscaled(by: 2), hr, border: 2)) < 1e-9)
    }

    @Test("centre crops are multiples of the scale")
    func centreCrop() {
        let c = SREvaluation.centreCrop(syntheticPhoto(width: 101, height: 75), crop: 64, scale: 4)
        #expect(c.width == 64 && c.height == 64)
        let whole = SREvaluation.centreCrop(syntheticPhoto(width: 101, height: 75), crop: 0, scale: 4)
        #expect(whole.width == 100 && whole.height == 72)
    }

    func upsamplingGraph(scale: Int, height: Int, width: Int, mode: Upsample.Mode) throws -> Graph {
        var b = GraphBuilder(name: "upsample", inputShape: [height, width, 3], seed: 0)
        try b.add("up", UpsampleOp(factor: scale, mode: mode))
        return b.graph
    }
}
