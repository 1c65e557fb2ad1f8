import Testing
import Tensor
import TestSupport

/// Direct seven-loop convolution used as ground truth.
func naiveConvolution(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ g: ConvGeometry) -> Tensor {
    let n = x.shape[0], h = x.shape[2], wd = x.shape[3]
    let (oh, ow) = g.outputSize(height: h, width: wd)
    let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
    var y = Tensor(zeros: [n, g.outChannels, oh, ow])
    for b in 0..<n {
        for co in 0..<g.outChannels {
            let grp = co / coutG
            for oi in 0..<oh {
                for oj in 0..<ow {
                    var s: Double = Double(bias?[flat: co] ?? 0)
                    for ci in 0..<cinG {
                        let cIn = grp * cinG + ci
                        for ki in 0..<g.kernelH {
                            for kj in 0..<g.kernelW {
                                let ii = oi * g.strideH - g.padH + ki * g.dilationH
                                let jj = oj * g.strideW - g.padW + kj * g.dilationW
                                if ii < 0 || ii >= h || jj < 0 || jj >= wd { continue }
                                let xv = x[flat: ((b * g.inChannels + cIn) * h + ii) * wd + jj]
                                let wv = w[flat: ((co * cinG + ci) * g.kernelH + ki) * g.kernelW + kj]
                                s += Double(xv) * Double(wv)
                            }
                        }
                    }
                    y[flat: ((b * g.outChannels + co) * oh + oi) * ow + oj] = Float(s)
                }
            }
        }
    }
    return y
}

struct ConvCase: CustomTestStringConvertible, Sendable {
    var batch: Int, height: Int, width: Int
    var geometry: ConvGeometry
    var testDescription: String {
        let g = geometry
        return "n\(batch) \(height)x\(width) \(g.inChannels)->\(g.outChannels) k\(g.kernelH)x\(g.kernelW) s\(g.strideH),\(g.strideW) p\(g.padH),\(g.padW) d\(g.dilationH) g\(g.groups)"
    }
}

let awkwardConvolutions: [ConvCase] = [
    ConvCase(batch: 1, height: 7, width: 7, geometry: ConvGeometry(inChannels: 3, outChannels: 4, kernel: 3, stride: 2, padding: 1)),
    ConvCase(batch: 3, height: 6, width: 9, geometry: ConvGeometry(inChannels: 4, outChannels: 6, kernel: 3, padding: 1, groups: 2)),
    ConvCase(batch: 2, height: 8, width: 5, geometry: ConvGeometry(inChannels: 2, outChannels: 3, kernelH: 2, kernelW: 3, padH: 0, padW: 2)),
    ConvCase(batch: 5, height: 9, width: 9, geometry: ConvGeometry(inChannels: 3, outChannels: 2, kernel: 3, padding: 2, dilation: 2)),
    ConvCase(batch: 3, height: 5, width: 6, geometry: ConvGeometry(inChannels: 4, outChannels: 4, kernel: 3, stride: 1, padding: 1, groups: 4)),
    ConvCase(batch: 2, height: 4, width: 4, geometry: ConvGeometry(inChannels: 5, outChannels: 3, kernel: 1)),
    ConvCase(batch: 1, height: 10, width: 7, geometry: ConvGeometry(inChannels: 2, outChannels: 2, kernelH: 3, kernelW: 1, strideH: 2, strideW: 3, padH: 1, padW: 0)),
    // Planes of ≥ 1024 pixels (one image per GEMM, and the direct pointwise
    // path), and a batch that does not divide into the images batched per GEMM.
    ConvCase(batch: 2, height: 33, width: 32, geometry: ConvGeometry(inChannels: 2, outChannels: 3, kernel: 3, padding: 1)),
    ConvCase(batch: 2, height: 32, width: 34, geometry: ConvGeometry(inChannels: 3, outChannels: 2, kernel: 1)),
    ConvCase(batch: 9, height: 18, width: 17, geometry: ConvGeometry(inChannels: 2, outChannels: 2, kernel: 3, stride: 1, padding: 1)),
    ConvCase(batch: 9, height: 18, width: 17, geometry: ConvGeometry(inChannels: 2, outChannels: 4, kernel: 1, groups: 2)),
    // Wide to narrow on planes of ≥ 1024 pixels: kn2row (tap-major GEMM, then
    // shifted sums), with same, valid, larger-than-kernel and uneven padding.
    ConvCase(batch: 3, height: 32, width: 33, geometry: ConvGeometry(inChannels: 8, outChannels: 2, kernel: 5, padding: 2)),
    ConvCase(batch: 1, height: 34, width: 32, geometry: ConvGeometry(inChannels: 4, outChannels: 1, kernel: 3)),
    ConvCase(batch: 2, height: 32, width: 32, geometry: ConvGeometry(inChannels: 8, outChannels: 2, kernelH: 3, kernelW: 5, padH: 3, padW: 1)),
    // Depthwise (groups == Cin == Cout): served by the direct loop.
    ConvCase(batch: 3, height: 6, width: 7, geometry: ConvGeometry(inChannels: 4, outChannels: 4, kernel: 3, padding: 1, groups: 4)),
    ConvCase(batch: 2, height: 7, width: 9, geometry: ConvGeometry(inChannels: 6, outChannels: 6, kernel: 3, stride: 2, padding: 1, groups: 6)),
    ConvCase(batch: 3, height: 8, width: 6, geometry: ConvGeometry(inChannels: 3, outChannels: 3, kernel: 3, padding: 2, dilation: 2, groups: 3)),
    ConvCase(batch: 1, height: 6, width: 11, geometry: ConvGeometry(inChannels: 5, outChannels: 5, kernelH: 2, kernelW: 5, strideH: 1, strideW: 2, padH: 0, padW: 2, groups: 5)),
    ConvCase(batch: 2, height: 5, width: 5, geometry: ConvGeometry(inChannels: 4, outChannels: 4, kernel: 5, padding: 1, groups: 4)),
]

@Suite("Reference convolution (im2col, NCHW)")
struct ConvolutionTests {
    @Test("forward matches the naive loop", arguments: awkwardConvolutions)
    func forwardMatchesNaive(_ c: ConvCase) {
        var rng = SeededGenerator(seed: 7)
        let g = c.geometry
        let x = Tensor.randomNormal([c.batch, g.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(g.weightShape, generator: &rng)
        let b = Tensor.randomNormal([g.outChannels], generator: &rng)
        let fast = Im2ColConvolution.forward(x, weight: w, bias: b, geometry: g)
        let slow = naiveConvolution(x, w, b, g)
        #expect(fast.shape == slow.shape)
        #expect(maxAbsDifference(fast, slow) < 1e-4)
    }

    @Test("backward matches finite differences", arguments: awkwardConvolutions)
    func backwardMatchesFiniteDifferences(_ c: ConvCase) {
        var rng = SeededGenerator(seed: 11)
        let g = c.geometry
        let x = Tensor.randomNormal([c.batch, g.inChannels, c.height, c.width], generator: &rng)
        let w = Tensor.randomNormal(g.weightShape, generator: &rng)
        let b = Tensor.randomNormal([g.outChannels], generator: &rng)
        let y = Im2ColConvolution.forward(x, weight: w, bias: b, geometry: g)
        let r = Tensor.randomNormal(y.shape, generator: &rng)
        let grads = Im2ColConvolution.backward(r, input: x, weight: w, hasBias: true, geometry: g)
        let dx = GradientCheck.maxRelativeError(
            of: { Im2ColConvolution.forward($0, weight: w, bias: b, geometry: g) }, at: x, projection: r, analytic: grads.input)
        let dw = GradientCheck.maxRelativeError(
            of: { Im2ColConvolution.forward(x, weight: $0, bias: b, geometry: g) }, at: w, projection: r, analytic: grads.weight)
        let db = GradientCheck.maxRelativeError(
            of: { Im2ColConvolution.forward(x, weight: w, bias: $0, geometry: g) }, at: b, projection: r, analytic: grads.bias!)
        #expect(dx.error < 1e-3, "input: \(String(describing: dx.worst))")
        #expect(dw.error < 1e-3, "weight: \(String(describing: dw.worst))")
        #expect(db.error < 1e-3, "bias: \(String(describing: db.worst))")

        // Weight-only backward: same weight gradient, no input gradient.
        let weightOnly = Im2ColConvolution.backward(r, input: x, weight: w, hasBias: false, geometry: g, needInputGradient: false)
        #expect(weightOnly.input.count == 0 && weightOnly.bias == nil)
        #expect(maxAbsDifference(weightOnly.weight, grads.weight) == 0)
    }
}
