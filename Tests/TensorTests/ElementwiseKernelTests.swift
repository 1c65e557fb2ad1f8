import Testing
import Tensor
import CKernels

/// The C activation and arithmetic kernels against `ElementwiseReference`,
/// bit for bit where the arithmetic is the same, on lengths that leave
/// every kind of tail and on buffers that start off alignment.
@Suite("Element-wise kernels")
struct ElementwiseKernelTests {
    static let lengths = [0, 1, 7, 16, 17, 1029, 1_000_003]

    /// Gaussian values with the kinks (0, −0, 6) and NaN-free specials mixed in.
    static func input(_ count: Int, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var x = Tensor.randomNormal([count], std: 4, generator: &rng)
        let specials: [Float] = [0, -0.0, 6, -6, 5.999, 6.001, .infinity, -.infinity, Float.leastNonzeroMagnitude * 3, -Float.leastNormalMagnitude / 2]
        for i in stride(from: 0, to: count, by: 5) { x[flat: i] = specials[(i / 5) % specials.count] }
        return x
    }

    static func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    @Test("ReLU, ReLU6 and LeakyReLU forward and backward equal the reference", arguments: lengths)
    func activations(count: Int) {
        let x = Self.input(count, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let g = Tensor.randomNormal([count], generator: &rng)
        let y = ReLU.forward(x)
        #expect(Self.bits(y) == Self.bits(ElementwiseReference.relu(x)))
        #expect(Self.bits(ReLU.backward(g, output: y)) == Self.bits(ElementwiseReference.reluBackward(g, output: y)))
        #expect(Self.bits(ReLU6.forward(x)) == Self.bits(ElementwiseReference.relu6(x)))
        #expect(Self.bits(ReLU6.backward(g, input: x)) == Self.bits(ElementwiseReference.relu6Backward(g, input: x)))
        #expect(Self.bits(LeakyReLU.forward(x, slope: 0.1)) == Self.bits(ElementwiseReference.leakyReLU(x, slope: 0.1)))
        #expect(Self.bits(LeakyReLU.backward(g, input: x, slope: 0.1))
                == Self.bits(ElementwiseReference.leakyReLUBackward(g, input: x, slope: 0.1)))
    }

    @Test("known answers at the kinks")
    func kinks() {
        let x = Tensor(shape: [20], scalars: (0..<20).map { [-1, 0, 3, 6, 7][$0 % 5] })
        #expect(ReLU.forward(x).scalars == (0..<20).map { [0, 0, 3, 6, 7][$0 % 5] })
        #expect(ReLU6.forward(x).scalars == (0..<20).map { [0, 0, 3, 6, 6][$0 % 5] })
        let ones = Tensor(repeating: 1, shape: [20])
        #expect(ReLU6.backward(ones, input: x).scalars == (0..<20).map { [0, 0, 1, 0, 0][$0 % 5] })
        #expect(ReLU.backward(ones, output: ReLU.forward(x)).scalars == (0..<20).map { [0, 0, 1, 1, 1][$0 % 5] })
        #expect(LeakyReLU.forward(x, slope: 0.5).scalars == (0..<20).map { [-0.5, 0, 3, 6, 7][$0 % 5] })
    }

    @Test("addScaled, scale, +, − and * equal the reference; dot and sum agree to rounding", arguments: lengths)
    func arithmetic(count: Int) {
        var rng = SeededGenerator(seed: UInt64(count) + 3)
        let a = Tensor.randomNormal([count], generator: &rng), b = Tensor.randomNormal([count], generator: &rng)
        var c = a
        c.addScaled(b, alpha: -0.37)
        #expect(Self.bits(c) == Self.bits(ElementwiseReference.addScaled(a, b, alpha: -0.37)))
        var s = a
        s.scale(by: 1.7)
        #expect(Self.bits(s) == Self.bits(ElementwiseReference.scaled(a, by: 1.7)))
        #expect(Self.bits(a + b) == Self.bits(ElementwiseReference.addScaled(a, b, alpha: 1)))
        #expect(Self.bits(a - b) == Self.bits(ElementwiseReference.addScaled(a, b, alpha: -1)))
        #expect(Self.bits(a * 0.3) == Self.bits(ElementwiseReference.scaled(a, by: 0.3)))
        let dot = a.dot(b), referenceDot = ElementwiseReference.dot(a, b)
        #expect(abs(dot - referenceDot) <= 1e-5 * max(1, Double(count).squareRoot()))
        let sum = Double(a.sum()), referenceSum = ElementwiseReference.sum(a)
        #expect(abs(sum - referenceSum) <= 1e-4 * max(1, abs(referenceSum)) + 1e-5 * Double(count).squareRoot())
    }

    @Test("MSE and L1 gradients equal the reference; their losses agree to rounding", arguments: lengths.filter { $0 > 0 })
    func regressionLosses(count: Int) {
        var rng = SeededGenerator(seed: UInt64(count) + 9)
        let p = Tensor.randomNormal([count], generator: &rng)
        var t = Tensor.randomNormal([count], generator: &rng)
        t[flat: 0] = p[flat: 0]
        let mse = MSELoss.lossAndGradient(prediction: p, target: t)
        let mseReference = ElementwiseReference.mse(prediction: p, target: t, scale: 2 / Float(count))
        #expect(Self.bits(mse.gradient) == Self.bits(mseReference.gradient))
        #expect(abs(Double(mse.loss) - mseReference.sum / Double(count)) <= 1e-6 * mseReference.sum / Double(count))
        let l1 = L1Loss.lossAndGradient(prediction: p, target: t)
        let l1Reference = ElementwiseReference.l1(prediction: p, target: t, scale: 1 / Float(count))
        #expect(Self.bits(l1.gradient) == Self.bits(l1Reference.gradient))
        #expect(l1.gradient[flat: 0] == 0)
        #expect(abs(Double(l1.loss) - l1Reference.sum / Double(count)) <= 1e-6 * l1Reference.sum / Double(count))
    }

    @Test("unaligned buffers give the same results as aligned ones")
    func unaligned() {
        let n = 1001
        let x = Self.input(n + 3, seed: 4)
        var rng = SeededGenerator(seed: 5)
        let g = Tensor.randomNormal([n + 3], generator: &rng)
        for offset in 1...3 {
            let xs = Tensor(shape: [n], scalars: Array(x.scalars[offset..<(offset + n)]))
            let gs = Tensor(shape: [n], scalars: Array(g.scalars[offset..<(offset + n)]))
            var y = [Float](repeating: 0, count: n + 3), dx = y, axpy = g.scalars
            x.scalars.withUnsafeBufferPointer { px in
                g.scalars.withUnsafeBufferPointer { pg in
                    y.withUnsafeMutableBufferPointer { py in
                        dx.withUnsafeMutableBufferPointer { pd in
                            axpy.withUnsafeMutableBufferPointer { pa in
                                ck_relu(px.baseAddress! + offset, py.baseAddress! + 3 - offset, n)
                                ck_relu6_backward(pg.baseAddress! + offset, px.baseAddress! + offset, pd.baseAddress! + offset, n)
                                ck_add_scaled(pa.baseAddress! + offset, px.baseAddress! + offset, n, 2)
                            }
                        }
                    }
                }
            }
            #expect(Array(y[(3 - offset)..<(3 - offset + n)]) == ElementwiseReference.relu(xs).scalars)
            #expect(Array(dx[offset..<(offset + n)]) == ElementwiseReference.relu6Backward(gs, input: xs).scalars)
            #expect(Array(axpy[offset..<(offset + n)]) == ElementwiseReference.addScaled(gs, xs, alpha: 2).scalars)
        }
    }
}
