/// Depth-to-space rearrangement with PyTorch's ordering:
/// y[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w].
public enum PixelShuffle {
    public static func forward(_ x: Tensor, upscale r: Int) -> Tensor {
        precondition(r >= 1, "pixel shuffle: upscale factor \(r) must be ≥ 1")
        precondition(x.rank == 4 && x.shape[1] % (r * r) == 0,
                     "pixel shuffle: input \(x.shape) needs NCHW with channels divisible by \(r * r)")
        let n = x.shape[0], c = x.shape[1] / (r * r), h = x.shape[2], w = x.shape[3]
        var y = Tensor(zeros: [n, c, h * r, w * r])
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                permute(px.baseAddress!, py.baseAddress!, n: n, c: c, h: h, w: w, r: r, toSpace: true)
            }
        }
        return y
    }

    /// The inverse permutation (space-to-depth, PyTorch's `pixel_unshuffle`).
    /// Saved state: none beyond the factor.
    public static func backward(_ gradOutput: Tensor, upscale r: Int) -> Tensor {
        precondition(r >= 1, "pixel shuffle backward: upscale factor \(r) must be ≥ 1")
        precondition(gradOutput.rank == 4 && gradOutput.shape[2] % r == 0 && gradOutput.shape[3] % r == 0,
                     "pixel shuffle backward: gradient \(gradOutput.shape) needs H and W divisible by \(r)")
        let n = gradOutput.shape[0], c = gradOutput.shape[1], h = gradOutput.shape[2] / r, w = gradOutput.shape[3] / r
        var dx = Tensor(zeros: [n, c * r * r, h, w])
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                permute(pg.baseAddress!, pd.baseAddress!, n: n, c: c, h: h, w: w, r: r, toSpace: false)
            }
        }
        return dx
    }

    /// Copies between the depth layout [n, c·r², h, w] and the space layout
    /// [n, c, h·r, w·r] in the direction given.
    private static func permute(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                n: Int, c: Int, h: Int, w: Int, r: Int, toSpace: Bool) {
        let wr = w * r
        for b in 0..<n {
            for ch in 0..<c {
                for i in 0..<r {
                    for j in 0..<r {
                        let depth = ((b * c + ch) * r * r + i * r + j) * h * w
                        let space = (b * c + ch) * h * r * wr
                        for y in 0..<h {
                            let d = depth + y * w
                            let s = space + (y * r + i) * wr + j
                            if toSpace {
                                for x in 0..<w { dst[s + x * r] = src[d + x] }
                            } else {
                                for x in 0..<w { dst[d + x] = src[s + x * r] }
                            }
                        }
                    }
                }
            }
        }
    }
}
