/// Depth-to-space rearrangement with PyTorch's channel ordering, over NHWC:
/// y[n, h·r + i, w·r + j, c] = x[n, h, w, c·r² + i·r + j].
public enum PixelShuffle {
    public static func forward(_ x: Tensor, upscale r: Int) -> Tensor {
        precondition(r >= 1, "pixel shuffle: upscale factor \(r) must be ≥ 1")
        precondition(x.rank == 4 && x.shape[3] % (r * r) == 0,
                     "pixel shuffle: input \(x.shape) needs NHWC with channels divisible by \(r * r)")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3] / (r * r)
        var y = Tensor(zeros: [n, h * r, w * r, c])
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
        precondition(gradOutput.rank == 4 && gradOutput.shape[1] % r == 0 && gradOutput.shape[2] % r == 0,
                     "pixel shuffle backward: gradient \(gradOutput.shape) needs H and W divisible by \(r)")
        let n = gradOutput.shape[0], h = gradOutput.shape[1] / r, w = gradOutput.shape[2] / r, c = gradOutput.shape[3]
        var dx = Tensor(zeros: [n, h, w, c * r * r])
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                permute(pg.baseAddress!, pd.baseAddress!, n: n, c: c, h: h, w: w, r: r, toSpace: false)
            }
        }
        return dx
    }

    /// Copies between the depth layout [n, h, w, c·r²] and the space layout
    /// [n, h·r, w·r, c] in the direction given.
    private static func permute(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                n: Int, c: Int, h: Int, w: Int, r: Int, toSpace: Bool) {
        let cr = c * r * r, wr = w * r
        for b in 0..<n {
            for y in 0..<h {
                for x in 0..<w {
                    let depth = ((b * h + y) * w + x) * cr
                    for i in 0..<r {
                        for j in 0..<r {
                            let space = ((b * h * r + y * r + i) * wr + x * r + j) * c
                            for ch in 0..<c {
                                let d = depth + ch * r * r + i * r + j
                                if toSpace { dst[space + ch] = src[d] } else { dst[d] = src[space + ch] }
                            }
                        }
                    }
                }
            }
        }
    }
}
