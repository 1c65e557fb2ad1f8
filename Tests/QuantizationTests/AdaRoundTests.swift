import Testing
import Tensor
import TestSupport
import Quantization

/// y = x · Wᵀ, the layer the reconstruction tests round.
struct DenseLayer: ReconstructionLayer {
    let inFeatures: Int
    func output(_ x: Tensor, weight: Tensor) -> Tensor { FullyConnected.forward(x, weight: weight, bias: nil) }
    func weightGradient(_ g: Tensor, input x: Tensor, weight: Tensor) -> Tensor {
        FullyConnected.backward(g, input: x, weight: weight, hasBias: false).weight
    }
    var fanIn: Int { inFeatures }
}

@Suite("AdaRound")
struct AdaRoundTests {
    static let inFeatures = 16, outFeatures = 2

    /// Strongly correlated inputs of about unit variance, so that rounding each
    /// weight to nearest independently is not the best joint choice.
    static func inputs(_ n: Int, seed: UInt64 = 7) -> Tensor {
        var g = SeededGenerator(seed: seed)
        let z = Tensor.randomNormal([n, 3], generator: &g)
        let mix = Tensor.randomNormal([inFeatures, 3], std: 1 / Float(3).squareRoot(), generator: &g)
        let noise = Tensor.randomNormal([n, inFeatures], std: 0.1, generator: &g)
        return GEMM.matmul(z, mix, transposeB: true) + noise
    }

    /// Weights of a trained CNN layer's scale (He initialisation at a fan-in of
    /// 800 gives std 0.05): λ = 0.01 balances the regulariser against the
    /// reconstruction error at this scale, as in the paper's networks.
    static func weight(seed: UInt64 = 11) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.randomNormal([outFeatures, inFeatures], std: 0.05, generator: &g)
    }

    static func params(_ w: Tensor, bits: Int = 3) -> QuantParams {
        var c = PTQMethod.minmax.makeCalibrator(granularity: .perChannel(axis: 0))
        c.observe(w)
        return c.params(.weights(bits: bits))
    }

    /// The best rounding by trying all 2^16 up/down choices of each output row
    /// (rows are independent: the error is a sum over output channels). A
    /// row's error is eᵀCe with e its rounding error and C = XᵀX / N.
    static func enumeratedBest(_ w: Tensor, _ p: QuantParams, layer: DenseLayer, x: Tensor, y: Tensor) -> (weight: Tensor, error: Double) {
        let n = x.shape[0], k = inFeatures
        var c = [Double](repeating: 0, count: k * k)
        for s in 0..<n { for i in 0..<k { for j in 0..<k { c[i * k + j] += Double(x[flat: s * k + i] * x[flat: s * k + j]) / Double(n) } } }
        var best = w
        for row in 0..<outFeatures {
            let s = p.scales[row], lo = Float(p.spec.qmin - p.zeroPoints[row]), hi = Float(p.spec.qmax - p.zeroPoints[row])
            let down = (0..<k).map { s * min(max((w[flat: row * k + $0] / s).rounded(.down), lo), hi) }
            let up = (0..<k).map { s * min(max((w[flat: row * k + $0] / s).rounded(.down) + 1, lo), hi) }
            var bestError = Double.infinity, bestMask = 0
            var e = [Double](repeating: 0, count: k)
            for mask in 0..<(1 << k) {
                for i in 0..<k { e[i] = Double((mask & (1 << i) != 0 ? up[i] : down[i]) - w[flat: row * k + i]) }
                var err = 0.0
                for i in 0..<k { var t = 0.0; for j in 0..<k { t += c[i * k + j] * e[j] }; err += e[i] * t }
                if err < bestError { bestError = err; bestMask = mask }
            }
            for i in 0..<k { best[flat: row * k + i] = bestMask & (1 << i) != 0 ? up[i] : down[i] }
        }
        return (best, AdaRound.error(layer, weight: best, inputs: x, targets: y))
    }

    @Test func reachesTheEnumeratedOptimumOfASmallLinearLayer() {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(256), w = Self.weight(), p = Self.params(w)
        let y = AdaRound.outputs(layer, weight: w, inputs: x)
        let best = Self.enumeratedBest(w, p, layer: layer, x: x, y: y)
        let result = AdaRound().learn(weight: w, params: p, layer: layer, inputs: x, targets: y)
        let summary = "learned \(result.learnedError), best \(best.error), nearest \(result.nearestError)"
        // The problem is one where nearest rounding is not optimal, or the test shows nothing.
        #expect(best.error < 0.5 * result.nearestError, "\(summary)")
        #expect(result.outcome == .learned)
        // The optimum, or (AdaRound is a local method) an error well below nearest rounding's.
        #expect(result.weight == best.weight || result.learnedError < 0.5 * result.nearestError, "\(summary)")
        #expect(result.learnedError >= best.error * (1 - 1e-6), "nothing beats the enumeration: \(summary)")
        #expect(FakeQuant.forward(result.weight, p) == result.weight, "the learned weight lies on the grid")
    }

    @Test func theRegularizerDrivesEveryDecisionToZeroOrOne() throws {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(256), w = Self.weight(seed: 12), p = Self.params(w, bits: 4)
        let y = AdaRound.outputs(layer, weight: w, inputs: x)
        let relaxation = AdaRoundRelaxation(weight: w, params: p)
        func decisions(lambda: Float) throws -> [Float] {
            let v = try #require(AdaRound(options: AdaRoundOptions(regularization: lambda))
                .optimize(relaxation, layer: layer, inputs: x, targets: y))
            return v.scalars.map(RectifiedSigmoid.value)
        }
        let regularized = try decisions(lambda: 0.01)
        #expect(regularized.allSatisfy { $0 == 0 || $0 == 1 }, "h(V) = \(regularized)")
        // Without it the relaxation keeps fractional decisions: the regulariser is what binarises.
        let free = try decisions(lambda: 0)
        #expect(free.filter { $0 > 0.05 && $0 < 0.95 }.count >= 2, "h(V) = \(free)")
    }

    @Test func relaxationGradientMatchesFiniteDifferences() {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(16), w = Self.weight(seed: 13), p = Self.params(w, bits: 4)
        let y = AdaRound.outputs(layer, weight: w, inputs: x)
        let relaxation = AdaRoundRelaxation(weight: w, params: p)
        // V inside (−2, 2): away from the clips of h, where the relaxation has kinks.
        var g = SeededGenerator(seed: 5)
        let v = Tensor.randomUniform(w.shape, low: -2, high: 2, generator: &g)
        let regularizer = RoundingRegularizer(beta: 4), lambda: Float = 0.3
        func loss(_ v: Tensor) -> Tensor {
            let soft = relaxation.soft(v)
            let e = AdaRound.reconstructionLoss(layer.output(x, weight: soft), target: y).loss
            return Tensor(Float(e + Double(lambda) * relaxation.regularization(v, regularizer)))
        }
        let soft = relaxation.soft(v)
        let dY = AdaRound.reconstructionLoss(layer.output(x, weight: soft), target: y).gradient
        let dW = layer.weightGradient(dY, input: x, weight: soft)
        let analytic = relaxation.gradient(dW, at: v, regularizer: regularizer, lambda: lambda)
        let check = GradientCheck.maxRelativeError(of: loss, at: v, projection: Tensor(1), analytic: analytic, step: 1e-3)
        #expect(check.error < 2e-2, "\(check.worst.map(String.init(describing:)) ?? "")")
    }

    @Test func startsAtTheFloatWeightAndThresholdsOnTheGrid() {
        let w = Self.weight(seed: 14), p = Self.params(w, bits: 4)
        let relaxation = AdaRoundRelaxation(weight: w, params: p)
        #expect(maxAbsDifference(relaxation.soft(relaxation.initialV), w) < 1e-5)
        // Thresholding the starting point is rounding to nearest (no ties among random weights).
        #expect(relaxation.hard(relaxation.initialV) == relaxation.nearest)
        #expect(relaxation.nearest == FakeQuant.forward(w, p))
    }

    @Test func theSameSeedLearnsTheSameWeightBitForBit() {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(64), w = Self.weight(seed: 15), p = Self.params(w)
        let y = AdaRound.outputs(layer, weight: w, inputs: x)
        let options = AdaRoundOptions(iterations: 300)
        let a = AdaRound(options: options).learn(weight: w, params: p, layer: layer, inputs: x, targets: y)
        let b = AdaRound(options: options).learn(weight: w, params: p, layer: layer, inputs: x, targets: y)
        #expect(a == b)
    }

    @Test func fewerSamplesThanTheFanInKeepNearestRounding() {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(5), w = Self.weight(), p = Self.params(w)
        let y = AdaRound.outputs(layer, weight: w, inputs: x)
        let result = AdaRound().learn(weight: w, params: p, layer: layer, inputs: x, targets: y)
        #expect(result.outcome == .tooFewSamples(samples: 5, fanIn: Self.inFeatures))
        #expect(result.weight == FakeQuant.forward(w, p))
        #expect(result.outcome.message(layer: "fc", candidate: "adaround(mse)")?.contains("fc") == true)
    }

    @Test func aNonFiniteTargetIsReportedAsDivergence() {
        let layer = DenseLayer(inFeatures: Self.inFeatures)
        let x = Self.inputs(64), w = Self.weight(), p = Self.params(w)
        var y = AdaRound.outputs(layer, weight: w, inputs: x)
        y[flat: 3] = .nan
        let result = AdaRound(options: AdaRoundOptions(iterations: 50)).learn(weight: w, params: p, layer: layer, inputs: x, targets: y)
        guard case .diverged = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        #expect(result.weight == FakeQuant.forward(w, p))
    }

    @Test func betaAnnealsLinearlyAfterTheWarmUp() {
        let o = AdaRoundOptions(iterations: 101, warmup: 0.2)
        #expect(o.beta(at: 19) == nil)
        #expect(o.beta(at: 20) == 20)
        #expect(o.beta(at: 100) == 2)
        #expect(abs((o.beta(at: 60) ?? 0) - 11) < 1e-4)
        #expect(AdaRoundOptions(iterations: 0).problem != nil)
        #expect(AdaRoundOptions().problem == nil)
    }
}
