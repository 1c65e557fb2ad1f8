import Testing
import Tensor
import TestSupport

/// Direct scatter loop: every input pixel adds its weighted kernel into the output.
func naiveConvTranspose(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ t: ConvTransposeGeometry) -> Tensor {
    let n = x.shape[0], h = x.shape[2], wd = x.shape[3]
    let (oh, ow) = t.outputSize(height: h, width: wd)
    let ciG = t.inChannels / t.groups, coG = t.outChannels / t.groups
    var acc = [Double](repeating: 0, count: n * t.outChannels * oh * ow)
    for b in 0..<n {
        for ci in 0..<t.inChannels {
            let grp = ci / ciG
            for i in 0..<h {
                for j in 0..<wd {
                    let xv = Double(x[flat: ((b * t.inChannels + ci) * h + i) * wd + j])
                    for co in 0..<coG {
                        let cOut = grp * coG + co
                        for ki in 0..<t.kernelH {
                            for kj in 0..<t.kernelW {
                                let oi = i * t.strideH - t.padH + ki * t.dilationH
                                let oj = j * t.strideW - t.padW + kj * t.dilationW
                                if oi < 0 || oi >= oh || oj < 0 || oj >= ow { continue }
                                let wv = Double(w[flat: ((ci * coG + co) * t.kernelH + ki) * t.kernelW + kj])
                                acc[((b * t.outChannels + cOut) * oh + oi) * ow + oj] += xv * wv
                            }
                        }
                    }
                }
            }
        }
    }
    if let bias {
        for b in 0..<n {
            for c in 0..<t.outChannels {
                for p in 0..<(oh * ow) { acc[(b * t.outChannels + c) * oh * ow + p] += Double(bias[flat: c]) }
            }
        }
    }
    return Tensor(shape: [n, t.outChannels, oh, ow], scalars: acc.map { Float($0) })
}

/// The first `height` rows and `width` columns of every plane.
func topLeft(_ t: Tensor, height: Int, width: Int) -> Tensor {
    let n = t.shape[0], c = t.shape[1], h = t.shape[2], w = t.shape[3]
    var out = Tensor(zeros: [n, c, height, width])
    for p in 0..<(n * c) {
        for i in 0..<min(h, height) {
            for j in 0..<min(w, width) { out[flat: (p * height + i) * width + j] = t[flat: (p * h + i) * w + j] }
        }
    }
    return out
}

struct ConvTransposeCase: CustomTestStringConvertible, Sendable {
    var batch: Int, height: Int, width: Int
    var geometry: ConvTransposeGeometry
    var testDescription: String {
        let g = geometry
        return "n\(batch) \(height)x\(width) \(g.inChannels)->\(g.outChannels) k\(g.kernelH)x\(g.kernelW) s\(g.strideH),\(g.strideW) p\(g.padH),\(g.padW) op\(g.outputPadH),\(g.outputPadW) d\(g.dilationH),\(g.dilationW) g\(g.groups)"
    }
}

let awkwardTransposedConvolutions: [ConvTransposeCase] = [
    ConvTransposeCase(batch: 2, height: 4, width: 5, geometry: ConvTransposeGeometry(inChannels: 3, outChannels: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1)),
    ConvTransposeCase(batch: 3, height: 3, width: 6, geometry: ConvTransposeGeometry(inChannels: 4, outChannels: 6, kernel: 3, stride: 2, padding: 0, groups: 2)),
    ConvTransposeCase(batch: 1, height: 5, width: 3, geometry: ConvTransposeGeometry(
        inChannels: 2, outChannels: 3, kernelH: 2, kernelW: 3, strideH: 3, strideW: 2, padH: 1, padW: 0,
        outputPadH: 2, outputPadW: 1)),
    ConvTransposeCase(batch: 2, height: 4, width: 4, geometry: ConvTransposeGeometry(inChannels: 2, outChannels: 2, kernel: 3, stride: 1, padding: 2, outputPadding: 1, dilation: 2)),
    ConvTransposeCase(batch: 2, height: 3, width: 3, geometry: ConvTransposeGeometry(inChannels: 6, outChannels: 3, kernel: 4, stride: 2, padding: 1, groups: 3)),
    ConvTransposeCase(batch: 1, height: 4, width: 3, geometry: ConvTransposeGeometry(inChannels: 5, outChannels: 4, kernel: 1)),
]

@Suite("Reference transposed convolution (im2col, NCHW)")
struct ConvTransposeTests {
    @Test("output size follows the PyTorch formula")
    func outputSize() {
        // ConvTranspose2d(k=3, s=2, p=1, output_padding=1) doubles 7×5 to 14×10.
        let t = ConvTransposeGeometry(inChannels: 1, outChannels: 1, kernel: 3, stride: 2, padding: 1, outputPadding: 1)
        #expect(t.outputSize(height: 7, width: 5) == (14, 10))
        #expect(t.weightShape == [1, 1, 3, 3])
    }

    @Test("forward matches the naive scatter loop", arguments: awkwardTransposedConvolutions)
    func forwardMatchesNaive(_ c: ConvTransposeCase) {
        var rng = SeededGenerator(seed: 17)
        let t = c.geometry
        let x = Tensor.randomNormal([c.batch, t.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(t.weightShape, generator: &rng)
        let b = Tensor.randomNormal([t.outChannels], generator: &rng)
        let fast = Im2ColConvTranspose.forward(x, weight: w, bias: b, geometry: t)
        let slow = naiveConvTranspose(x, w, b, t)
        #expect(fast.shape == slow.shape)
        #expect(maxAbsDifference(fast, slow) < 1e-4)
    }

    @Test("is the adjoint of Convolution: <conv(y), x> = <y, convT(x)>", arguments: awkwardTransposedConvolutions)
    func adjointIdentity(_ c: ConvTransposeCase) {
        var rng = SeededGenerator(seed: 19)
        let t = c.geometry
        let x = Tensor.randomNormal([c.batch, t.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(t.weightShape, generator: &rng)
        let up = Im2ColConvTranspose.forward(x, weight: w, bias: nil, geometry: t)
        let y = Tensor.randomNormal(up.shape, generator: &rng)
        // With output padding ≥ stride (allowed below the dilation) the
        // convolution sees extra rows or columns; its adjoint part is the top-left corner.
        let full = Im2ColConvolution.forward(y, weight: w, bias: nil, geometry: t.adjoint)
        let down = topLeft(full, height: c.height, width: c.width)
        #expect(down.shape == x.shape)
        #expect(full.shape[2] >= c.height && full.shape[3] >= c.width)
        let lhs = down.dot(x), rhs = up.dot(y)
        #expect(abs(lhs - rhs) <= 1e-4 * max(1, abs(lhs)))
    }

    @Test("backward matches finite differences", arguments: awkwardTransposedConvolutions)
    func backwardMatchesFiniteDifferences(_ c: ConvTransposeCase) {
        var rng = SeededGenerator(seed: 23)
        let t = c.geometry
        let x = Tensor.randomNormal([c.batch, t.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(t.weightShape, generator: &rng)
        let b = Tensor.randomNormal([t.outChannels], generator: &rng)
        let y = Im2ColConvTranspose.forward(x, weight: w, bias: b, geometry: t)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let grads = Im2ColConvTranspose.backward(r, input: x, weight: w, hasBias: true, geometry: t)
        let dx = GradientCheck.maxRelativeError(
            of: { Im2ColConvTranspose.forward($0, weight: w, bias: b, geometry: t) }, at: x, projection: r, analytic: grads.input)
        let dw = GradientCheck.maxRelativeError(
            of: { Im2ColConvTranspose.forward(x, weight: $0, bias: b, geometry: t) }, at: w, projection: r, analytic: grads.weight)
        let db = GradientCheck.maxRelativeError(
            of: { Im2ColConvTranspose.forward(x, weight: w, bias: $0, geometry: t) }, at: b, projection: r, analytic: grads.bias!)
        #expect(dx.error < 1e-3, "input: \(String(describing: dx.worst))")
        #expect(dw.error < 1e-3, "weight: \(String(describing: dw.worst))")
        #expect(db.error < 1e-3, "bias: \(String(describing: db.worst))")

        let weightOnly = Im2ColConvTranspose.backward(r, input: x, weight: w, hasBias: false, geometry: t, needInputGradient: false)
        #expect(weightOnly.input.count == 0 && weightOnly.bias == nil)
        #expect(maxAbsDifference(weightOnly.weight, grads.weight) == 0)
    }
}
