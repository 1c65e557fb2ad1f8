import Testing
import Tensor
import TestSupport

/// Normal samples pushed at least `margin` away from every kink.
func awayFromKinks(_ shape: [Int], std: Float, kinks: [Float], margin: Float = 0.05, seed: UInt64) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    return Tensor.randomNormal(shape, std: std, generator: &rng).map { v in
        var v = v
        for k in kinks where abs(v - k) < margin { v = v < k ? k - margin : k + margin }
        return v
    }
}

@Suite("Activations")
struct ActivationTests {
    @Test("ReLU6 forward clamps to [0, 6] and backward passes only inside")
    func relu6() {
        let x = Tensor(shape: [5], scalars: [-1, 0.5, 5.5, 7, 3])
        #expect(ReLU6.forward(x).scalars == [0, 0.5, 5.5, 6, 3])
        let g = Tensor(shape: [5], scalars: [1, 2, 3, 4, 5])
        #expect(ReLU6.backward(g, input: x).scalars == [0, 2, 3, 0, 5])

        let xs = awayFromKinks([2, 3, 4, 4], std: 4, kinks: [0, 6], seed: 1)
        var rng = SeededGenerator(seed: 2)
        let r = Tensor.randomNormal(xs.shape, generator: &rng)
        let check = GradientCheck.maxRelativeError(of: { ReLU6.forward($0) }, at: xs, projection: r,
                                                   analytic: ReLU6.backward(r, input: xs))
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("LeakyReLU forward and backward", arguments: [Float(0.01), 0.2])
    func leakyReLU(slope: Float) {
        let x = Tensor(shape: [4], scalars: [-2, -0.5, 0.5, 3])
        #expect(LeakyReLU.forward(x, slope: slope).scalars == [-2 * slope, -0.5 * slope, 0.5, 3])

        let xs = awayFromKinks([3, 2, 5], std: 1, kinks: [0], seed: 3)
        var rng = SeededGenerator(seed: 4)
        let r = Tensor.randomNormal(xs.shape, generator: &rng)
        let check = GradientCheck.maxRelativeError(of: { LeakyReLU.forward($0, slope: slope) }, at: xs, projection: r,
                                                   analytic: LeakyReLU.backward(r, input: xs, slope: slope))
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }

    @Test("PReLU forward uses one slope per channel", arguments: [[3], [1]])
    func preluForward(slopeShape: [Int]) {
        // NHWC [1, 1, 2, 3]: two positions, channels innermost.
        let x = Tensor(shape: [1, 1, 2, 3], scalars: [-1, -2, -3, 1, 2, 3])
        let a = slopeShape == [3] ? Tensor(shape: [3], scalars: [0.1, 0.2, 0.3]) : Tensor(shape: [1], scalars: [0.5])
        let expected: [Float] = slopeShape == [3] ? [-0.1, -0.4, -0.90000004, 1, 2, 3] : [-0.5, -1, -1.5, 1, 2, 3]
        let y = PReLU.forward(x, slope: a)
        for i in 0..<6 { #expect(abs(y[flat: i] - expected[i]) < 1e-6) }
    }

    @Test("PReLU backward matches finite differences for input and slope", arguments: [[4], [1]])
    func preluBackward(slopeShape: [Int]) {
        let x = awayFromKinks([3, 3, 2, 4], std: 1, kinks: [0], seed: 5)
        var rng = SeededGenerator(seed: 6)
        let a = Tensor.randomUniform(slopeShape, low: 0.05, high: 0.5, generator: &rng)
        let r = Tensor.randomNormal(x.shape, generator: &rng)
        let grads = PReLU.backward(r, input: x, slope: a)
        #expect(grads.slope.shape == a.shape)
        let dx = GradientCheck.maxRelativeError(of: { PReLU.forward($0, slope: a) }, at: x, projection: r, analytic: grads.input)
        let da = GradientCheck.maxRelativeError(of: { PReLU.forward(x, slope: $0) }, at: a, projection: r, analytic: grads.slope)
        #expect(dx.error < 1e-3, "input: \(String(describing: dx.worst))")
        #expect(da.error < 1e-3, "slope: \(String(describing: da.worst))")
    }

    @Test("PReLU works on [N, C] activations")
    func preluRank2() {
        let x = Tensor(shape: [2, 2], scalars: [-1, -1, 2, -4])
        let a = Tensor(shape: [2], scalars: [0.5, 0.25])
        #expect(PReLU.forward(x, slope: a).scalars == [-0.5, -0.25, 2, -1])
        let g = PReLU.backward(Tensor(repeating: 1, shape: [2, 2]), input: x, slope: a)
        #expect(g.slope.scalars == [-1, -5])
        #expect(g.input.scalars == [0.5, 0.25, 1, 0.25])
    }

    @Test("Sigmoid forward is stable and backward matches finite differences")
    func sigmoid() {
        let x = Tensor(shape: [5], scalars: [0, 2, -2, 100, -100])
        let y = Sigmoid.forward(x)
        let expected: [Float] = [0.5, 0.880797, 0.119203, 1, 0]
        for i in 0..<5 { #expect(abs(y[flat: i] - expected[i]) < 1e-6) }
        #expect(y.isFinite)

        var rng = SeededGenerator(seed: 7)
        let xs = Tensor.randomNormal([2, 3, 4, 5], std: 2, generator: &rng)
        let r = Tensor.randomNormal(xs.shape, generator: &rng)
        let ys = Sigmoid.forward(xs)
        let check = GradientCheck.maxRelativeError(of: { Sigmoid.forward($0) }, at: xs, projection: r,
                                                   analytic: Sigmoid.backward(r, output: ys))
        #expect(check.error < 1e-3, "\(String(describing: check.worst))")
    }
}
