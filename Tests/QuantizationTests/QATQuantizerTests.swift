import Foundation
import Testing
import Tensor
import TestSupport
import Quantization

@Suite("QAT quantizers")
struct QATQuantizerTests {
    /// Values whose grid coordinate v/s has a fractional part in [0.15, 0.35] or
    /// [0.65, 0.85], so rounding is locally constant under small changes of s.
    static func offBoundaryValues(count: Int, step: Float, span: Float, seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        let values: [Float] = (0..<count).map { _ in
            let k = Float(Int(g.nextUnit() * 2 * span) - Int(span))
            let frac = 0.15 + 0.2 * g.nextUnit() + (g.nextUnit() < 0.5 ? 0 : 0.5)
            return (k + frac) * step
        }
        return Tensor(shape: [count], scalars: values)
    }

    @Test func lsqInitialisesFromTheMeanMagnitude() {
        let w = Samples.gaussian(10_000, std: 0.2).reshaped([10, 1000])
        let q = LSQQuantizer.weights(bits: 4, initializingFrom: w)
        let meanAbs = w.scalars.reduce(0) { $0 + Double(abs($1)) } / Double(w.count)
        #expect(abs(Double(q.stepSizes[0]) - 2 * meanAbs / 7.0.squareRoot()) < 1e-5)
        #expect(q.spec.qmin == -8 && q.spec.qmax == 7)
        let perChannel = LSQQuantizer.weights(bits: 4, perChannel: true, initializingFrom: w)
        #expect(perChannel.stepSizes.count == 10)
        #expect(abs(perChannel.gradientScale(for: w.shape) - 1 / (1000 * 7 as Float).squareRoot()) < 1e-7)
    }

    @Test(arguments: [2, 3, 4, 8])
    func lsqStepGradientMatchesFiniteDifferences(bits: Int) {
        let s: Float = 0.1
        var q = LSQQuantizer(spec: QuantSpec(bits: bits, signed: true, symmetric: true, narrowRange: false),
                             role: .weights, stepSizes: [s])
        let qp = Float(q.spec.qmax)
        // Mostly inside the grid, some clipped on each side.
        let x = Self.offBoundaryValues(count: 400, step: s, span: qp + 3, seed: UInt64(bits))
        let r = Samples.gaussian(400, std: 1, seed: 99)
        let grads = q.backward(r, input: x)
        let analytic = Double(grads.parameters[0] / q.gradientScale(for: x.shape))
        let h: Float = 1e-4 * s
        q.parameters = [s + h]
        let plus = q.forward(x).dot(r)
        q.parameters = [s - h]
        let minus = q.forward(x).dot(r)
        let numeric = (plus - minus) / Double(2 * h)
        // The forward's true derivative inside the grid is round(v/s); LSQ's
        // straight-through gradient adds −v/s there (round treated as identity).
        var straightThroughTerm: Double = 0
        for i in 0..<x.count {
            let a = x[flat: i] / s
            if a > Float(q.spec.qmin) && a < qp { straightThroughTerm += Double(r[flat: i]) * Double(a) }
        }
        #expect(abs(analytic + straightThroughTerm - numeric) < 1e-2 * max(1, abs(numeric)))
        #expect(abs(straightThroughTerm) > 1)
    }

    @Test func lsqInputGradientIsStraightThroughInsideTheGrid() {
        let q = LSQQuantizer(spec: QuantSpec(bits: 2, signed: false, symmetric: true), role: .activations, stepSizes: [0.5])
        let x = Tensor(shape: [1, 5], scalars: [-0.3, 0.2, 0.7, 1.4, 2])
        let g = Tensor(shape: [1, 5], scalars: [1, 1, 1, 1, 1])
        let grads = q.backward(g, input: x)
        #expect(grads.input.scalars == [0, 1, 1, 1, 0])
        // ∂/∂s per element: −Q_N = 0 below, round(v/s) − v/s inside, Q_P = 3 above.
        let expected: Float = (0) + (0 - 0.4) + (1 - 1.4) + (3 - 2.8) + 3
        #expect(abs(grads.parameters[0] - expected * q.gradientScale(for: x.shape)) < 1e-5)
        #expect(abs(q.gradientScale(for: x.shape) - 1 / (5 * 3 as Float).squareRoot()) < 1e-7)
    }

    @Test func pactAlphaGradientMatchesFiniteDifferencesWhereClipped() {
        let alpha: Float = 1.3
        var p = PACTQuantizer(bits: 4, alpha: alpha)
        // All above α: y_q = α exactly, so ∂/∂α is 1 per element.
        let x = Samples.uniform(300, low: 1.5, high: 4)
        let r = Samples.gaussian(300, std: 1, seed: 7)
        let analytic = Double(p.backward(r, input: x).parameters[0])
        let h: Float = 1e-3
        p.parameters = [alpha + h]
        let plus = p.forward(x).dot(r)
        p.parameters = [alpha - h]
        let minus = p.forward(x).dot(r)
        #expect(abs(analytic - (plus - minus) / Double(2 * h)) < 1e-2 * max(1, abs(analytic)))
    }

    @Test func pactGradientsFollowThePaper() {
        let p = PACTQuantizer(bits: 3, alpha: 1)
        let x = Tensor(shape: [5], scalars: [-0.5, 0.2, 0.9, 1, 3])
        let g = Tensor(shape: [5], scalars: [1, 2, 3, 4, 5])
        let grads = p.backward(g, input: x)
        #expect(grads.input.scalars == [0, 2, 3, 0, 0])
        #expect(grads.parameters == [9])
        let y = p.forward(x)
        #expect(y.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        let signed = PACTQuantizer(bits: 3, alpha: 1, signed: true)
        #expect(signed.backward(g, input: x).parameters == [9])
        let below = signed.backward(Tensor(shape: [1], scalars: [1]), input: Tensor(shape: [1], scalars: [-2]))
        #expect(below.parameters == [-1] && below.input.scalars == [0])
    }

    @Test func pactRegularizationGradientMatchesFiniteDifferences() {
        var p = PACTQuantizer(bits: 4, alpha: 2.5)
        let (_, analytic) = p.regularization(lambda: 0.01)
        p.alpha = 2.5 + 1e-3
        let plus = p.regularization(lambda: 0.01).loss
        p.alpha = 2.5 - 1e-3
        let minus = p.regularization(lambda: 0.01).loss
        #expect(abs(analytic - (plus - minus) / 2e-3) < 1e-4)
    }

    @Test(arguments: [2, 3, 4, 8])
    func doReFaWeightsLieOnTheirGrid(bits: Int) {
        let w = Samples.gaussian(2_000, std: 0.7)
        let n = Float((1 << bits) - 1)
        let m = w.map { tanh($0) }.maxAbs
        // Unit scale (the paper's) and restored scale M·(2q − 1): same codes.
        for (q, scale) in [(DoReFaWeightQuantizer(bits: bits, restoresScale: false), Float(1)),
                           (DoReFaWeightQuantizer(bits: bits), m)] {
            let y = q.forward(w).scalars.map { $0 / scale }
            #expect(y.min()! >= -1 - 1e-6 && y.max()! <= 1 + 1e-6)
            #expect(y.contains { abs(abs($0) - 1) < 1e-6 })
            let levels = Set(y.map { (($0 + 1) / 2 * n).rounded() })
            #expect(levels.count <= 1 << bits)
            #expect(y.allSatisfy { v in
                let k = (v + 1) / 2 * n
                return abs(k - k.rounded()) < 1e-3
            })
        }
    }

    @Test func doReFaWeightGradientMatchesTheSmoothSurrogate() {
        // Straight-through on round: the gradient is that of 2·w' − 1 with
        // w' = tanh(w)/(2·max|tanh(w)|) + 1/2, including the path through the
        // max; with the scale restored the surrogate is tanh(w) itself.
        let w = Samples.gaussian(64, std: 0.8, seed: 17)
        let r = Samples.gaussian(64, std: 1, seed: 18)
        let unit: (Tensor) -> Tensor = { x in
            let t = x.map { tanh($0) }
            let m = t.maxAbs
            return t.map { $0 / m }
        }
        let analytic = DoReFaWeightQuantizer(bits: 4, restoresScale: false).backward(r, input: w).input
        let check = GradientCheck.maxRelativeError(of: unit, at: w, projection: r, analytic: analytic, step: 1e-3)
        #expect(check.error < 1e-2, "\(String(describing: check.worst))")
        let scaled = DoReFaWeightQuantizer(bits: 4).backward(r, input: w).input
        let scaledCheck = GradientCheck.maxRelativeError(of: { $0.map { tanh($0) } }, at: w, projection: r,
                                                         analytic: scaled, step: 1e-3)
        #expect(scaledCheck.error < 1e-2, "\(String(describing: scaledCheck.worst))")
    }

    @Test func doReFaWithRestoredScaleKeepsTheWeightsScale() {
        // Small weights: tanh(w) ≈ w, so 8-bit DoReFa is close to w itself.
        let w = Samples.gaussian(4_000, std: 0.05, seed: 9)
        let y = DoReFaWeightQuantizer(bits: 8).forward(w)
        #expect(maxAbsDifference(y, w) < 0.01)
        #expect(maxAbsDifference(DoReFaWeightQuantizer(bits: 8, restoresScale: false).forward(w), w) > 0.5)
    }

    @Test func doReFaActivationsClipToTheUnitInterval() {
        let q = DoReFaActivationQuantizer(bits: 2)
        let x = Tensor(shape: [5], scalars: [-1, 0.2, 0.5, 0.9, 3])
        #expect(q.forward(x).scalars == [0, 1.0 / 3, 2.0 / 3, 1, 1])
        #expect(q.backward(Tensor(repeating: 1, shape: [5]), input: x).input.scalars == [0, 1, 1, 1, 0])
    }

    /// The best uniform 3-level quantizer of N(0, σ²) has levels {−1.224σ, 0,
    /// 1.224σ} (Max 1960, table I); PACT's 2-bit weight grid is that grid.
    @Test func pactWeightsStartAtTheMSEOptimalClip() {
        let sigma: Float = 0.3
        let w = Samples.gaussian(40_000, std: sigma).reshaped([40, 1_000])
        let q = QATMethod.pact.makeWeightQuantizer(bits: 2, weights: w)
        let alpha = q.parameters[0]
        #expect(abs(alpha / sigma - 1.224) < 0.04, "α = \(alpha / sigma)σ")
        // Max-based α would zero almost all weights; this one keeps about half.
        let zeros = q.forward(w).scalars.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / Double(w.count) - 0.46) < 0.03, "\(zeros) of \(w.count) are zero")
    }

    /// On U(0, 1) the L2 error of the grid {0, α/n, …, α} (n = 2^b − 1) is
    /// α³/(12n²) + (1 − α)³/3, minimal at α = 2n/(2n + 1): 6/7 at 2 bits.
    /// An outlier at 20 must not drag PACT's starting α there (the maximum
    /// would put 99% of the inputs into the bottom level).
    @Test func pactActivationsStartAtTheMSEOptimalClip() {
        let x = Samples.uniform(20_000, low: 0, high: 1).reshaped([20, 1_000])
        let alpha = QATMethod.pact.makeActivationQuantizer(bits: 2, sample: x).parameters[0]
        #expect(abs(alpha - 6.0 / 7.0) < 0.015, "α = \(alpha)")
        var scalars = x.scalars
        scalars[17] = 20
        let withOutlier = QATMethod.pact.makeActivationQuantizer(bits: 2, sample: Tensor(shape: x.shape, scalars: scalars))
        // Candidates are k/100 of the maximum, 0.2 apart here.
        #expect(withOutlier.parameters[0] > 0.75 && withOutlier.parameters[0] <= 1.0, "α = \(withOutlier.parameters[0])")
    }

    @Test(arguments: QATMethod.allCases)
    func qatMethodsBuildQuantizers(method: QATMethod) {
        #expect(QATMethod(rawValue: method.description) == method)
        let w = Samples.gaussian(1_000, std: 0.3).reshaped([10, 100])
        let a = Samples.relu(Samples.gaussian(1_000, std: 1)).reshaped([10, 100])
        let wq = method.makeWeightQuantizer(bits: 4, weights: w)
        let aq = method.makeActivationQuantizer(bits: 4, sample: a)
        for (q, x) in [(wq, w), (aq, a)] {
            let y = q.forward(x)
            #expect(y.shape == x.shape && y.isFinite)
            let grads = q.backward(Tensor(repeating: 1, shape: x.shape), input: x)
            #expect(grads.input.shape == x.shape)
            #expect(grads.parameters.count == q.parameters.count)
        }
        #expect(aq.forward(a).scalars.allSatisfy { $0 >= 0 })
    }
}
