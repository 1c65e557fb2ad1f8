import Testing
import Tensor
import TestSupport

/// The oneDNN NHWC kernels against the im2col reference (NCHW) on the
/// awkward-shape tables, forward and both backward passes, plus finite
/// differences on the NHWC path itself.
@Suite("oneDNN convolution (NHWC) against the reference")
struct OneDNNConvolutionTests {
    @Test("forward, backward-data and backward-weights match im2col", arguments: awkwardConvolutions)
    func convolutionMatchesReference(_ c: ConvCase) {
        var rng = SeededGenerator(seed: 21)
        let g = c.geometry
        let x = Tensor.randomNormal([c.batch, g.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(g.weightShape, generator: &rng)
        let b = Tensor.randomNormal([g.outChannels], generator: &rng)
        let reference = Im2ColConvolution.forward(x, weight: w, bias: b, geometry: g)
        let fast = Convolution.forward(x.nchwToNHWC(), weight: w, bias: b, geometry: g)
        #expect(fast.shape == reference.nchwToNHWC().shape)
        #expect(maxAbsDifference(fast.nhwcToNCHW(), reference) < 1e-4)

        let r = Tensor.randomNormal(reference.shape, generator: &rng)
        let slow = Im2ColConvolution.backward(r, input: x, weight: w, hasBias: true, geometry: g)
        let grads = Convolution.backward(r.nchwToNHWC(), input: x.nchwToNHWC(), weight: w, hasBias: true, geometry: g)
        #expect(maxAbsDifference(grads.input.nhwcToNCHW(), slow.input) < 1e-4)
        #expect(maxAbsDifference(grads.weight, slow.weight) < 1e-3 * max(1, slow.weight.maxAbs))
        #expect(maxAbsDifference(grads.bias!, slow.bias!) < 1e-3 * max(1, slow.bias!.maxAbs))

        let weightOnly = Convolution.backward(r.nchwToNHWC(), input: x.nchwToNHWC(), weight: w, hasBias: false,
                                              geometry: g, needInputGradient: false)
        #expect(weightOnly.input.count == 0 && weightOnly.bias == nil)
        #expect(maxAbsDifference(weightOnly.weight, grads.weight) < 1e-5 * max(1, grads.weight.maxAbs))
    }

    @Test("backward matches finite differences in NHWC", arguments: awkwardConvolutions.prefix(8))
    func convolutionFiniteDifferences(_ c: ConvCase) {
        var rng = SeededGenerator(seed: 23)
        let g = c.geometry
        let x = Tensor.randomNormal([c.batch, c.height, c.width, g.inChannels], generator: &rng)
        let w = Tensor.randomNormal(g.weightShape, generator: &rng)
        let b = Tensor.randomNormal([g.outChannels], generator: &rng)
        let y = Convolution.forward(x, weight: w, bias: b, geometry: g)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let grads = Convolution.backward(r, input: x, weight: w, hasBias: true, geometry: g)
        let dx = GradientCheck.maxRelativeError(
            of: { Convolution.forward($0, weight: w, bias: b, geometry: g) }, at: x, projection: r, analytic: grads.input)
        let dw = GradientCheck.maxRelativeError(
            of: { Convolution.forward(x, weight: $0, bias: b, geometry: g) }, at: w, projection: r, analytic: grads.weight)
        #expect(dx.error < 1e-3, "input: \(String(describing: dx.worst))")
        #expect(dw.error < 1e-3, "weight: \(String(describing: dw.worst))")
    }

    @Test("transposed convolution matches im2col", arguments: awkwardTransposedConvolutions)
    func transposedMatchesReference(_ c: ConvTransposeCase) {
        var rng = SeededGenerator(seed: 29)
        let t = c.geometry
        let x = Tensor.randomNormal([c.batch, t.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(t.weightShape, generator: &rng)
        let b = Tensor.randomNormal([t.outChannels], generator: &rng)
        let reference = Im2ColConvTranspose.forward(x, weight: w, bias: b, geometry: t)
        let fast = ConvTranspose.forward(x.nchwToNHWC(), weight: w, bias: b, geometry: t)
        #expect(maxAbsDifference(fast.nhwcToNCHW(), reference) < 1e-4)

        let r = Tensor.randomNormal(reference.shape, generator: &rng)
        let slow = Im2ColConvTranspose.backward(r, input: x, weight: w, hasBias: true, geometry: t)
        let grads = ConvTranspose.backward(r.nchwToNHWC(), input: x.nchwToNHWC(), weight: w, hasBias: true, geometry: t)
        #expect(maxAbsDifference(grads.input.nhwcToNCHW(), slow.input) < 1e-4)
        #expect(maxAbsDifference(grads.weight, slow.weight) < 1e-3 * max(1, slow.weight.maxAbs))
        #expect(maxAbsDifference(grads.bias!, slow.bias!) < 1e-3 * max(1, slow.bias!.maxAbs))
    }

    @Test("layout conversions are inverse permutations")
    func layoutRoundTrip() {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.randomNormal([2, 3, 4, 5], generator: &rng)
        let nhwc = x.nchwToNHWC()
        #expect(nhwc.shape == [2, 4, 5, 3])
        // element (b=1, c=2, h=3, w=4) lands at (1, 3, 4, 2)
        #expect(nhwc[flat: ((1 * 4 + 3) * 5 + 4) * 3 + 2] == x[flat: ((1 * 3 + 2) * 4 + 3) * 5 + 4])
        #expect(nhwc.nhwcToNCHW() == x)
    }

    @Test("oneDNN reports the ISA it dispatches to")
    func reportsISA() {
        #expect(!OneDNN.isa.isEmpty && OneDNN.isa != "generic")
        #expect(OneDNN.version.hasPrefix("2."))
    }
}
