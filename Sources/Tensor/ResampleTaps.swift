/// Separable two-tap resampling of NHWC tensors: for each output index along
/// an axis, two source indices and the weight of the second. Nearest sampling
/// is the case lo == hi, frac == 0. Shared by `Upsample` and `Resize`.
struct ResampleTaps: Equatable {
    var lo: [Int]
    var hi: [Int]
    var frac: [Float]

    var count: Int { lo.count }

    /// y[b, i, j, c] = bilinear blend of x at rows (lo, hi)[i] and columns (lo, hi)[j].
    static func forward(_ x: Tensor, rows: ResampleTaps, cols: ResampleTaps) -> Tensor {
        precondition(x.rank == 4, "resample: input \(x.shape) is not NHWC")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3]
        let oh = rows.count, ow = cols.count
        var y = Tensor(zeros: [n, oh, ow, c])
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for b in 0..<n {
                    let src = px.baseAddress! + b * h * w * c
                    let dst = py.baseAddress! + b * oh * ow * c
                    for oi in 0..<oh {
                        let r0 = src + rows.lo[oi] * w * c, r1 = src + rows.hi[oi] * w * c
                        let ly = rows.frac[oi]
                        for oj in 0..<ow {
                            let j0 = cols.lo[oj] * c, j1 = cols.hi[oj] * c, lx = cols.frac[oj]
                            let out = dst + (oi * ow + oj) * c
                            for ch in 0..<c {
                                let top = r0[j0 + ch] + lx * (r0[j1 + ch] - r0[j0 + ch])
                                let bottom = r1[j0 + ch] + lx * (r1[j1 + ch] - r1[j0 + ch])
                                out[ch] = top + ly * (bottom - top)
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The adjoint: every output gradient goes back to its (up to four)
    /// sources with the forward weights.
    static func backward(_ gradOutput: Tensor, inputShape: [Int], rows: ResampleTaps, cols: ResampleTaps) -> Tensor {
        precondition(inputShape.count == 4, "resample backward: input shape \(inputShape) is not NHWC")
        let n = inputShape[0], h = inputShape[1], w = inputShape[2], c = inputShape[3]
        let oh = rows.count, ow = cols.count
        precondition(gradOutput.shape == [n, oh, ow, c],
                     "resample backward: gradient \(gradOutput.shape) ≠ output [\(n), \(oh), \(ow), \(c)]")
        var dx = Tensor(zeros: inputShape)
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for b in 0..<n {
                    let src = pg.baseAddress! + b * oh * ow * c
                    let dst = pd.baseAddress! + b * h * w * c
                    for oi in 0..<oh {
                        let r0 = dst + rows.lo[oi] * w * c, r1 = dst + rows.hi[oi] * w * c
                        let ly = rows.frac[oi]
                        for oj in 0..<ow {
                            let j0 = cols.lo[oj] * c, j1 = cols.hi[oj] * c, lx = cols.frac[oj]
                            let g = src + (oi * ow + oj) * c
                            for ch in 0..<c {
                                let top = g[ch] * (1 - ly), bottom = g[ch] * ly
                                r0[j0 + ch] += top * (1 - lx)
                                r0[j1 + ch] += top * lx
                                r1[j0 + ch] += bottom * (1 - lx)
                                r1[j1 + ch] += bottom * lx
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
