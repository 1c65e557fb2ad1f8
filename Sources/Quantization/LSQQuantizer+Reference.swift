import Tensor

extension LSQQuantizer {
    /// The plain Swift form of `backward` (eight-lane SIMD): what the tests
    /// hold the C kernel to.
    public func referenceBackward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == x.count, "LSQ backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        let params = quantParams
        var dx = Tensor(zeros: x.shape)
        var ds = [Double](repeating: 0, count: stepSizes.count)
        guard x.count > 0 else { return QuantizerGradients(input: dx, parameters: ds.map { Float($0) }) }
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    let src = px.baseAddress!, g = pg.baseAddress!, dst = pd.baseAddress!
                    var channel = 0
                    FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
                        var start = offset
                        let end = offset + count
                        var total: Double = 0
                        while start < end {
                            let stop = Swift.min(start + FakeQuant.blockSize, end)
                            var lanes = QuantGrid.Vector()
                            var i = start
                            let lo = QuantGrid.Vector(repeating: grid.low), hi = QuantGrid.Vector(repeating: grid.high)
                            while i + 8 <= stop {
                                let a = QuantGrid.load(src + i) * grid.inverseScale
                                let gv = QuantGrid.load(g + i)
                                let below = a .<= lo, above = a .>= hi
                                let magic = QuantGrid.Vector(repeating: 12_582_912)
                                let term = ((a + magic) - magic - a).replacing(with: lo, where: below).replacing(with: hi, where: above)
                                lanes += gv * term
                                QuantGrid.store(gv.replacing(with: 0, where: below .| above), dst + i)
                                i += 8
                            }
                            var acc = lanes.sum()
                            for i in i..<stop {
                                let a = src[i] * grid.inverseScale
                                let gi = g[i]
                                if a <= grid.low {
                                    acc += gi * grid.low
                                    dst[i] = 0
                                } else if a >= grid.high {
                                    acc += gi * grid.high
                                    dst[i] = 0
                                } else {
                                    acc += gi * (QuantGrid.roundHalfEven(a) - a)
                                    dst[i] = gi
                                }
                            }
                            total += Double(acc)
                            start = stop
                        }
                        ds[channel % ds.count] += total
                        channel += 1
                    }
                }
            }
        }
        let scale = Double(gradientScale(for: x.shape))
        return QuantizerGradients(input: dx, parameters: ds.map { Float($0 * scale) })
    }
}
