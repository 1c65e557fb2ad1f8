/// Upsampling of NHWC tensors by an integer factor per axis.
///
/// `.bilinear` uses half-pixel centres without corner alignment: the source
/// coordinate of output index o is max(0, (o + 0.5) / factor - 0.5), as in
/// PyTorch (`align_corners=False`) and ONNX `Resize` (`half_pixel`, linear).
public enum Upsample {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case nearest
        case bilinear
    }

    /// For each output index along one axis: the two source indices and the
    /// weight of the second.
    struct Taps {
        var lo: [Int]
        var hi: [Int]
        var frac: [Float]

        init(inSize: Int, factor: Int, mode: Mode) {
            let outSize = inSize * factor
            lo = [Int](repeating: 0, count: outSize)
            hi = lo
            frac = [Float](repeating: 0, count: outSize)
            for o in 0..<outSize {
                switch mode {
                case .nearest:
                    lo[o] = o / factor
                    hi[o] = o / factor
                case .bilinear:
                    let src = Swift.max(0, (Float(o) + 0.5) / Float(factor) - 0.5)
                    let i0 = Swift.min(Int(src), inSize - 1)
                    lo[o] = i0
                    hi[o] = Swift.min(i0 + 1, inSize - 1)
                    frac[o] = src - Float(i0)
                }
            }
        }
    }

    public static func forward(_ x: Tensor, factorH: Int, factorW: Int, mode: Mode) -> Tensor {
        precondition(x.rank == 4, "upsample: input \(x.shape) is not NHWC")
        precondition(factorH >= 1 && factorW >= 1, "upsample: factors \(factorH)×\(factorW) must be ≥ 1")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3]
        let oh = h * factorH, ow = w * factorW
        let rows = Taps(inSize: h, factor: factorH, mode: mode), cols = Taps(inSize: w, factor: factorW, mode: mode)
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

    public static func forward(_ x: Tensor, factor: Int, mode: Mode) -> Tensor {
        forward(x, factorH: factor, factorW: factor, mode: mode)
    }

    /// The adjoint: every output gradient goes back to its (up to four) sources
    /// with the forward weights. Saved state: the input shape.
    public static func backward(_ gradOutput: Tensor, inputShape: [Int], factorH: Int, factorW: Int, mode: Mode) -> Tensor {
        precondition(inputShape.count == 4, "upsample backward: input shape \(inputShape) is not NHWC")
        let n = inputShape[0], h = inputShape[1], w = inputShape[2], c = inputShape[3]
        let oh = h * factorH, ow = w * factorW
        precondition(gradOutput.shape == [n, oh, ow, c],
                     "upsample backward: gradient \(gradOutput.shape) ≠ output [\(n), \(oh), \(ow), \(c)]")
        let rows = Taps(inSize: h, factor: factorH, mode: mode), cols = Taps(inSize: w, factor: factorW, mode: mode)
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

    public static func backward(_ gradOutput: Tensor, inputShape: [Int], factor: Int, mode: Mode) -> Tensor {
        backward(gradOutput, inputShape: inputShape, factorH: factor, factorW: factor, mode: mode)
    }
}
