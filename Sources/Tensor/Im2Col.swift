/// Unfolding of image patches into columns and its adjoint, for one image and
/// one channel group. Layout of `cols`: [channels · kh · kw, outH · outW], rows
/// `rowStride` apart (≥ outH · outW) so several images can sit side by side.
enum Im2Col {
    /// The output indices o in 0..<outSize for which o · stride + offset lies in 0..<size.
    @inline(__always)
    static func validRange(offset: Int, stride: Int, size: Int, outSize: Int) -> Range<Int> {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let hi = last < 0 ? 0 : min(outSize, last / stride + 1)
        return lo < hi ? lo..<hi : 0..<0
    }

    @inline(__always)
    static func unfold(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                       geometry g: ConvGeometry, outH: Int, outW: Int,
                       into cols: UnsafeMutablePointer<Float>, rowStride: Int? = nil) {
        let ld = rowStride ?? outH * outW
        var row = 0
        for c in 0..<channels {
            let src = image + c * height * width
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let dst = cols + row * ld
                    let offI = ki * g.dilationH - g.padH
                    let offJ = kj * g.dilationW - g.padW
                    // Columns inside the image: a copy between zero borders.
                    let valid = validRange(offset: offJ, stride: g.strideW, size: width, outSize: outW)
                    for oi in 0..<outH {
                        let ii = oi * g.strideH + offI
                        let d = dst + oi * outW
                        if ii < 0 || ii >= height || valid.isEmpty {
                            d.update(repeating: 0, count: outW)
                            continue
                        }
                        let s = src + ii * width
                        if valid.lowerBound > 0 { d.update(repeating: 0, count: valid.lowerBound) }
                        if g.strideW == 1 {
                            (d + valid.lowerBound).update(from: s + valid.lowerBound + offJ, count: valid.count)
                        } else {
                            for oj in valid { d[oj] = s[oj * g.strideW + offJ] }
                        }
                        if valid.upperBound < outW {
                            (d + valid.upperBound).update(repeating: 0, count: outW - valid.upperBound)
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
                     into image: UnsafeMutablePointer<Float>, rowStride: Int? = nil) {
        let ld = rowStride ?? outH * outW
        var row = 0
        for c in 0..<channels {
            let dstImage = image + c * height * width
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let src = cols + row * ld
                    let offI = ki * g.dilationH - g.padH
                    let offJ = kj * g.dilationW - g.padW
                    let valid = validRange(offset: offJ, stride: g.strideW, size: width, outSize: outW)
                    for oi in 0..<outH {
                        let ii = oi * g.strideH + offI
                        if ii < 0 || ii >= height { continue }
                        let s = src + oi * outW
                        let d = dstImage + ii * width
                        if g.strideW == 1 {
                            let dd = d + offJ
                            for oj in valid { dd[oj] += s[oj] }
                        } else {
                            for oj in valid { d[oj * g.strideW + offJ] += s[oj] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
