import Foundation
import Testing
import Tensor
import TestSupport

@Suite("Core kernels")
struct CoreKernelTests {
    @Test("batch norm (training) backward matches finite differences")
    func batchNorm() {
        var rng = SeededGenerator(seed: 1)
        let x = Tensor.randomNormal([3, 5, 2, 4], std: 2, generator: &rng)
        let gamma = Tensor.randomUniform([4], low: 0.5, high: 1.5, generator: &rng)
        let beta = Tensor.randomNormal([4], generator: &rng)
        let (y, saved) = BatchNorm.trainingForward(x, gamma: gamma, beta: beta, epsilon: 1e-5)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let g = BatchNorm.backward(r, saved: saved, gamma: gamma)
        let f = { (x: Tensor, gm: Tensor, bt: Tensor) in BatchNorm.trainingForward(x, gamma: gm, beta: bt, epsilon: 1e-5).0 }
        let dx = GradientCheck.maxRelativeError(of: { f($0, gamma, beta) }, at: x, projection: r, analytic: g.input, step: 1e-2)
        let dg = GradientCheck.maxRelativeError(of: { f(x, $0, beta) }, at: gamma, projection: r, analytic: g.gamma)
        let db = GradientCheck.maxRelativeError(of: { f(x, gamma, $0) }, at: beta, projection: r, analytic: g.beta)
        #expect(dx.error < 2e-3, "\(String(describing: dx.worst))")
        #expect(dg.error < 1e-3, "\(String(describing: dg.worst))")
        #expect(db.error < 1e-3, "\(String(describing: db.worst))")
    }

    @Test("batch norm statistics: normalised output has zero mean and unit variance per channel")
    func batchNormStatistics() {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.randomNormal([16, 4, 4, 2], std: 3, generator: &rng)
        let (y, saved) = BatchNorm.trainingForward(x, gamma: Tensor(repeating: 1, shape: [2]), beta: Tensor(zeros: [2]), epsilon: 0)
        for c in 0..<2 {
            var s: Double = 0, ss: Double = 0
            for b in 0..<16 { for i in 0..<16 { let v = Double(y[flat: (b * 16 + i) * 2 + c]); s += v; ss += v * v } }
            #expect(abs(s / 256) < 1e-5)
            #expect(abs(ss / 256 - 1) < 1e-4)
        }
        #expect(abs(saved.unbiasedVariance[0] / (1 / (saved.invStd[0] * saved.invStd[0])) - 256.0 / 255.0) < 1e-4)
    }

    @Test("ReLU, global average pooling and fully connected backward match finite differences")
    func simpleOps() {
        var rng = SeededGenerator(seed: 3)
        // Inputs kept at least 0.05 away from ReLU's kink so the step of 1e-2 never crosses it.
        var x = Tensor.randomNormal([2, 4, 4, 3], generator: &rng)
        x = x.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        let y = ReLU.forward(x)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        #expect(GradientCheck.maxRelativeError(of: ReLU.forward, at: x, projection: r,
                                               analytic: ReLU.backward(r, output: y)).error < 1e-3)
        let rp = Tensor.randomNormal([2, 3], generator: &rng)
        #expect(GradientCheck.maxRelativeError(of: GlobalAvgPool.forward, at: x, projection: rp,
                                               analytic: GlobalAvgPool.backward(rp, inputShape: x.shape)).error < 1e-3)
        let a = Tensor.randomNormal([5, 4], generator: &rng)
        let w = Tensor.randomNormal([3, 4], generator: &rng)
        let bias = Tensor.randomNormal([3], generator: &rng)
        let rf = Tensor.randomNormal([5, 3], generator: &rng)
        let g = FullyConnected.backward(rf, input: a, weight: w, hasBias: true)
        #expect(GradientCheck.maxRelativeError(of: { FullyConnected.forward($0, weight: w, bias: bias) }, at: a, projection: rf, analytic: g.input).error < 1e-3)
        #expect(GradientCheck.maxRelativeError(of: { FullyConnected.forward(a, weight: $0, bias: bias) }, at: w, projection: rf, analytic: g.weight).error < 1e-3)
        #expect(GradientCheck.maxRelativeError(of: { FullyConnected.forward(a, weight: w, bias: $0) }, at: bias, projection: rf, analytic: g.bias!).error < 1e-3)
    }

    @Test("softmax cross-entropy: value and gradient")
    func crossEntropy() {
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let (loss, grad) = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [2, 1])
        // −log softmax: row 0 label 2 → log(e¹+e²+e³) − 3; row 1 → log 3.
        let row0: Double = log(exp(1.0) + exp(2.0) + exp(3.0)) - 3
        let expected: Double = (row0 + log(3.0)) / 2
        #expect(abs(Double(loss) - expected) < 1e-6)
        var rng = SeededGenerator(seed: 4)
        let x = Tensor.randomNormal([4, 5], generator: &rng)
        let labels: [Int32] = [0, 4, 2, 2]
        let g = SoftmaxCrossEntropy.lossAndGradient(logits: x, labels: labels).gradient
        let check = GradientCheck.maxRelativeError(
            of: { Tensor(SoftmaxCrossEntropy.lossAndGradient(logits: $0, labels: labels).loss) },
            at: x, projection: Tensor(1), analytic: g, step: 1e-2)
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
        #expect(abs(grad.sum()) < 1e-6)
    }
}
