/// Unfolding of image patches into columns and its adjoint, for one image and
/// one channel group. Layout of `cols`: [channels · kh · kw, outH · outW].
enum Im2Col {
    @inline(__always)
    static func unfold(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                       geometry g: ConvGeometry, outH: Int, outW: Int,
                       into cols: UnsafeMutablePointer<Float>) {
        let plane = outH * outW
        var row = 0
        for c in 0..<channels {
            let src = image + c * height * width
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let dst = cols + row * plane
                    let offI = ki * g.dilationH - g.padH
                    let offJ = kj * g.dilationW - g.padW
                    for oi in 0..<outH {
                        let ii = oi * g.strideH + offI
                        let d = dst + oi * outW
                        if ii < 0 || ii >= height {
                            d.update(repeating: 0, count: outW)
                            continue
                        }
                        let s = src + ii * width
                        if g.strideW == 1 {
                            // Contiguous run with zero borders.
                            for oj in 0..<outW {
                                let jj = oj + offJ
                                d[oj] = (jj >= 0 && jj < width) ? s[jj] : 0
                            }
                        } else {
                            for oj in 0..<outW {
                                let jj = oj * g.strideW + offJ
                                d[oj] = (jj >= 0 && jj < width) ? s[jj] : 0
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Adds the columns back into the image (the adjoint of `unfold`).
    @inline(__always)
    static func fold(_ cols: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                     geometry g: ConvGeometry, outH: Int, outW: Int,
                     into image: UnsafeMutablePointer<Float>) {
        let plane = outH * outW
        var row = 0
        for c in 0..<channels {
            let dstImage = image + c * height * width
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let src = cols + row * plane
                    let offI = ki * g.dilationH - g.padH
                    let offJ = kj * g.dilationW - g.padW
                    for oi in 0..<outH {
                        let ii = oi * g.strideH + offI
                        if ii < 0 || ii >= height { continue }
                        let s = src + oi * outW
                        let d = dstImage + ii * width
                        for oj in 0..<outW {
                            let jj = oj * g.strideW + offJ
                            if jj >= 0 && jj < width { d[jj] += s[oj] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
