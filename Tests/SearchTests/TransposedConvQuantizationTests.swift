import Testing
import Tensor
import NeuralNet
import Quantization
import Search
import TestSupport

/// Transposed convolutions are quantizable layers like convolutions: per
/// output channel is their weight's axis 1, and the mixed layer is still one
/// transposed convolution of the mixed weight and input.
@Suite("Quantized transposed convolution")
struct TransposedConvQuantizationTests {
    static let geometry = ConvTransposeGeometry(inChannels: 4, outChannels: 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1)

    static func graph() throws -> Graph {
        var b = GraphBuilder(name: "deconv", inputShape: [6, 6, 2], seed: 3)
        try b.add("conv", Conv2DOp(ConvGeometry(inChannels: 2, outChannels: 4, kernel: 3, padding: 1), bias: true))
        try b.add("relu", ReLUOp())
        try b.add("deconv", ConvTranspose2DOp(geometry, bias: true))
        return b.graph
    }

    @Test("calibration gives per-output-channel (axis 1) weight scales")
    func calibrationUsesAxisOne() throws {
        let g = try Self.graph()
        var rng = SeededGenerator(seed: 1)
        let images = Tensor.randomNormal([8, 6, 6, 2], generator: &rng)
        let ptq = PTQCalibration(weightMethods: [.minmax, .mse], activationMethods: [.minmax], bits: BitWidths(weight: 4, activation: 4))
        let candidates = ptq.calibrate(g, images: images)
        let deconv = try #require(candidates["deconv"])
        for w in deconv.weight {
            #expect(w.spec.granularity == .perChannel(axis: 1))
            #expect(w.scales.count == 3)
        }
        // MinMax: each output channel's scale is its own max |w| over the 7-level half range.
        let weight = g.parameters["deconv.weight"]!
        for c in 0..<3 {
            var m: Float = 0
            for ci in 0..<4 { for k in 0..<9 { m = max(m, abs(weight.scalars[(ci * 3 + c) * 9 + k])) } }
            #expect(abs(deconv.weight[0].scales[c] - m / 7) <= 1e-6 * m)
        }
    }

    @Test("a fixed strategy is FQ(x) ⊛ᵀ FQ(w) + int32-grid bias; a soft one equals the sum over every candidate pair")
    func mixedLayerForward() throws {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.randomNormal([2, 5, 5, 4], generator: &rng)
        let w = Tensor.randomNormal(Self.geometry.weightShape, std: 0.5, generator: &rng)
        let bias = Tensor.randomNormal([3], generator: &rng)
        let wSpec = QuantSpec.weights(bits: 4, perChannel: true, axis: 1)
        let wc = [0.7, 1.2].map { QuantParams(spec: wSpec, low: Float(-$0), high: Float($0), channels: 3) }
        let aSpec = QuantSpec(bits: 4, signed: true, symmetric: false)
        let ac = [QuantParams(spec: aSpec, low: -1.5, high: 1.5), QuantParams(spec: aSpec, low: -3, high: 2.5)]
        var op = QuantizedLayerOp(layer: .transposedConv(Self.geometry), hasBias: true, weightCandidates: wc, activationCandidates: ac)
        let wl = Tensor(shape: [2], scalars: [0.3, -0.2]), al = Tensor(shape: [2], scalars: [-0.4, 0.1])
        let ctx = ExecutionContext(training: false, temperature: 1)

        let soft = op.forward([x], parameters: [w, bias, wl, al], context: ctx).output
        let beta = Softmax.probabilities(wl.scalars, temperature: 1), alpha = Softmax.probabilities(al.scalars, temperature: 1)
        var expected = Tensor(zeros: soft.shape)
        for (j, b) in beta.enumerated() {
            for (i, a) in alpha.enumerated() {
                let y = ConvTranspose.forward(FakeQuant.forward(x, ac[i]), weight: FakeQuant.forward(w, wc[j]), bias: nil, geometry: Self.geometry)
                expected.addScaled(y, alpha: a * b)
            }
        }
        let withBias = ConvTranspose.forward(Tensor(zeros: x.shape), weight: w, bias: bias, geometry: Self.geometry)
        expected.addScaled(withBias, alpha: 1)
        #expect(maxAbsDifference(soft, expected) < 1e-4)

        op.weightSelection = .fixed(1)
        op.activationSelection = .fixed(0)
        let fixed = op.forward([x], parameters: [w, bias, wl, al], context: ctx).output
        let qBias = BiasQuantization.quantized(bias, activation: ac[0], weight: wc[1])
        let reference = ConvTranspose.forward(FakeQuant.forward(x, ac[0]), weight: FakeQuant.forward(w, wc[1]), bias: qBias,
                                              geometry: Self.geometry)
        #expect(maxAbsDifference(fixed, reference) < 1e-5)
    }

    @Test("the supernet quantizes the transposed convolution of a graph")
    func supernetIncludesIt() throws {
        let g = try Self.graph()
        var rng = SeededGenerator(seed: 4)
        let ptq = PTQCalibration(weightMethods: [.minmax], activationMethods: [.minmax], bits: BitWidths(weight: 4, activation: 4))
        let supernet = try Supernet(float: g, candidates: ptq.calibrate(g, images: Tensor.randomNormal([4, 6, 6, 2], generator: &rng)),
                                    freezeWeights: true)
        #expect(supernet.layers == ["conv", "deconv"])
    }
}
