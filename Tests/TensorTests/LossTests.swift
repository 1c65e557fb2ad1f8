import Foundation
import Testing
import Tensor
import TestSupport

@Suite("Losses")
struct LossTests {
    @Test("MSE: value and gradient")
    func mse() {
        let p = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let t = Tensor(shape: [2, 2], scalars: [0, 2, 5, 4])
        let (loss, grad) = MSELoss.lossAndGradient(prediction: p, target: t)
        #expect(abs(loss - 5.0 / 4) < 1e-6)
        #expect(grad.scalars == [0.5, 0, -1, 0])

        var rng = SeededGenerator(seed: 61)
        let pr = Tensor.randomNormal([3, 2, 4, 4], generator: &rng)
        let tr = Tensor.randomNormal(pr.shape, generator: &rng)
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(MSELoss.lossAndGradient(prediction: $0, target: tr).loss) }, at: pr, projection: Tensor(1),
            analytic: MSELoss.lossAndGradient(prediction: pr, target: tr).gradient)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("Luma MSE: value on a known pair, zero in the border, gradient against finite differences")
    func lumaMSE() {
        // One 3×3 image; only the centre pixel is inside a 1-pixel border.
        var p = Tensor(zeros: [1, 3, 3, 3])     // NHWC: pixel i's R, G, B at 3i, 3i + 1, 3i + 2
        let t = Tensor(zeros: [1, 3, 3, 3])
        p[flat: 3 * 4] = 1          // R of the centre: ΔY = 65.481 / 255
        p[flat: 3 * 4 + 1] = -0.5   // G of the centre: ΔY −= 0.5 · 128.553 / 255
        p[flat: 0] = 7              // R of a corner: in the border, ignored
        let dy = (65.481 - 0.5 * 128.553) / 255
        let (loss, grad) = LumaMSELoss.lossAndGradient(prediction: p, target: t, border: 1)
        #expect(abs(Double(loss) - dy * dy) < 1e-7)
        #expect(grad[flat: 0] == 0)
        #expect(abs(Double(grad[flat: 3 * 4]) - 2 * dy * 65.481 / 255) < 1e-6)

        var rng = SeededGenerator(seed: 69)
        let pr = Tensor.randomUniform([2, 6, 5, 3], low: 0, high: 1, generator: &rng)
        let tr = Tensor.randomUniform(pr.shape, low: 0, high: 1, generator: &rng)
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(LumaMSELoss.lossAndGradient(prediction: $0, target: tr, border: 1).loss) }, at: pr,
            projection: Tensor(1), analytic: LumaMSELoss.lossAndGradient(prediction: pr, target: tr, border: 1).gradient)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("Luma PSNR loss: −mean per-sample PSNR on known pairs, gradient against finite differences")
    func lumaPSNR() {
        // Two samples with uniform luma errors 0.1 and 0.01: PSNR 20 and 40 dB.
        var p = Tensor(zeros: [2, 4, 4, 3])
        let t = Tensor(zeros: [2, 4, 4, 3])
        let k = LumaMSELoss.coefficients.reduce(0, +)
        for i in 0..<(3 * 16) { p[flat: i] = 0.1 / k }
        for i in (3 * 16)..<(6 * 16) { p[flat: i] = 0.01 / k }
        let loss = LumaPSNRLoss.lossAndGradient(prediction: p, target: t).loss
        #expect(abs(loss - (-30)) < 1e-3, "\(loss)")
        // The pooled MSE would be dominated by the first sample; this weighs both alike.

        var rng = SeededGenerator(seed: 70)
        let pr = Tensor.randomUniform([3, 6, 5, 3], low: 0, high: 1, generator: &rng)
        let tr = Tensor.randomUniform(pr.shape, low: 0, high: 1, generator: &rng)
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(LumaPSNRLoss.lossAndGradient(prediction: $0, target: tr, border: 1).loss) }, at: pr,
            projection: Tensor(1), analytic: LumaPSNRLoss.lossAndGradient(prediction: pr, target: tr, border: 1).gradient)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("L1: value and gradient away from ties")
    func l1() {
        let p = Tensor(shape: [4], scalars: [1, 2, 3, 4])
        let t = Tensor(shape: [4], scalars: [0, 2, 5, 4.5])
        let (loss, grad) = L1Loss.lossAndGradient(prediction: p, target: t)
        #expect(abs(loss - 3.5 / 4) < 1e-6)
        #expect(grad.scalars == [0.25, 0, -0.25, -0.25])

        var rng = SeededGenerator(seed: 67)
        let tr = Tensor.randomNormal([2, 3, 5], generator: &rng)
        let offsets = awayFromKinks(tr.shape, std: 1, kinks: [0], seed: 68)
        let pr = tr + offsets
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(L1Loss.lossAndGradient(prediction: $0, target: tr).loss) }, at: pr, projection: Tensor(1),
            analytic: L1Loss.lossAndGradient(prediction: pr, target: tr).gradient)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    /// Straightforward KL(softmax(t/T) ‖ softmax(s/T)) averaged over rows, in Double.
    func naiveKL(_ s: Tensor, _ t: Tensor, _ temperature: Double) -> Double {
        let n = s.shape[0], k = s.shape[1]
        var total = 0.0
        for b in 0..<n {
            let sv = (0..<k).map { Double(s[flat: b * k + $0]) / temperature }
            let tv = (0..<k).map { Double(t[flat: b * k + $0]) / temperature }
            let zs = sv.map(exp).reduce(0, +), zt = tv.map(exp).reduce(0, +)
            for j in 0..<k {
                let p = exp(tv[j]) / zt, q = exp(sv[j]) / zs
                total += p * log(p / q)
            }
        }
        return total / Double(n)
    }

    @Test("KL distillation: value, zero at equality, gradient", arguments: [Float(1), 4])
    func klDivergence(temperature: Float) {
        var rng = SeededGenerator(seed: 71)
        let s = Tensor.randomNormal([4, 10], std: 3, generator: &rng)
        let t = Tensor.randomNormal([4, 10], std: 3, generator: &rng)
        let (loss, grad) = KLDivergence.distillation(student: s, teacher: t, temperature: temperature)
        let reference = naiveKL(s, t, Double(temperature))
        #expect(abs(Double(loss) - reference) < 1e-5 * max(1, reference))
        #expect(loss > 0)
        #expect(KLDivergence.distillation(student: t, teacher: t, temperature: temperature).loss.magnitude < 1e-6)
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(KLDivergence.distillation(student: $0, teacher: t, temperature: temperature).loss) },
            at: s, projection: Tensor(1), analytic: grad)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("KL distillation is stable for huge logits")
    func klStable() {
        let s = Tensor(shape: [1, 3], scalars: [1000, 0, -1000])
        let t = Tensor(shape: [1, 3], scalars: [0, 1000, -1000])
        let (loss, grad) = KLDivergence.distillation(student: s, teacher: t)
        #expect(loss.isFinite && grad.isFinite)
        #expect(abs(loss - 1000) < 1e-2)
        #expect(maxAbsDifference(grad, Tensor(shape: [1, 3], scalars: [1, -1, 0])) < 1e-6)
    }
}
