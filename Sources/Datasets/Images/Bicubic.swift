import Foundation

/// Bicubic resizing that reproduces MATLAB's `imresize(_, scale, 'bicubic')`,
/// the reference for super-resolution benchmarks: Keys cubic kernel with
/// a = −0.5, kernel widened by 1/scale when shrinking (antialiasing), samples
/// beyond the border mirrored (symmetric padding), height resized before width
/// when the scales are equal (MATLAB resizes the dimension with the smaller
/// scale first). Results are not clamped: the kernel over- and undershoots.
public enum Bicubic {
    /// Output size as MATLAB computes it: ceil(input × scale).
    public static func outputLength(_ length: Int, scale: Double) -> Int {
        Int((Double(length) * scale).rounded(.up))
    }

    /// Resizes one row-major plane by `scale` along both axes.
    public static func resize(_ plane: [Float], width: Int, height: Int, scale: Double,
                              antialias: Bool = true) -> (plane: [Float], width: Int, height: Int) {
        resize(plane, width: width, height: height, scaleX: scale, scaleY: scale, antialias: antialias)
    }

    public static func resize(_ plane: [Float], width: Int, height: Int, scaleX: Double, scaleY: Double,
                              antialias: Bool = true) -> (plane: [Float], width: Int, height: Int) {
        precondition(plane.count == width * height, "plane of \(plane.count) samples is not \(width)×\(height)")
        precondition(scaleX > 0 && scaleY > 0, "scales must be positive")
        let outW = outputLength(width, scale: scaleX), outH = outputLength(height, scale: scaleY)
        let rows = Contributions(inLength: height, outLength: outH, scale: scaleY, antialias: antialias)
        let cols = Contributions(inLength: width, outLength: outW, scale: scaleX, antialias: antialias)
        if scaleX < scaleY {
            let tmp = resizeColumns(plane, width: width, height: height, cols)
            return (resizeRows(tmp, width: outW, height: height, rows), outW, outH)
        }
        let tmp = resizeRows(plane, width: width, height: height, rows)
        return (resizeColumns(tmp, width: width, height: outH, cols), outW, outH)
    }

    /// Every channel of `image` resized by `scale`.
    public static func resize(_ image: RGBImage, scale: Double, antialias: Bool = true) -> RGBImage {
        var out: [Float] = []
        var size = (0, 0)
        for c in 0..<3 {
            let r = resize(Array(image.plane(c)), width: image.width, height: image.height, scale: scale, antialias: antialias)
            out += r.plane
            size = (r.width, r.height)
        }
        return RGBImage(width: size.0, height: size.1, pixels: out)
    }

    /// Keys' cubic convolution kernel with a = −0.5 (MATLAB's `cubic`).
    static func cubic(_ x: Double) -> Double {
        let a = abs(x), a2 = a * a, a3 = a2 * a
        if a <= 1 { return 1.5 * a3 - 2.5 * a2 + 1 }
        if a <= 2 { return -0.5 * a3 + 2.5 * a2 - 4 * a + 2 }
        return 0
    }

    /// Input indices and weights for every output position along one axis.
    struct Contributions {
        let taps: Int
        let indices: [Int]
        let weights: [Float]

        init(inLength: Int, outLength: Int, scale: Double, antialias: Bool) {
            let shrink = scale < 1 && antialias
            let kernelWidth = shrink ? 4 / scale : 4
            taps = Int(kernelWidth.rounded(.up)) + 2
            var indices = [Int](repeating: 0, count: outLength * taps)
            var weights = [Float](repeating: 0, count: outLength * taps)
            var w = [Double](repeating: 0, count: taps)
            for i in 0..<outLength {
                // 1-based coordinates as in MATLAB.
                let u = Double(i + 1) / scale + 0.5 * (1 - 1 / scale)
                let left = Int((u - kernelWidth / 2).rounded(.down))
                var sum = 0.0
                for p in 0..<taps {
                    let x = u - Double(left + p)
                    w[p] = shrink ? scale * Bicubic.cubic(scale * x) : Bicubic.cubic(x)
                    sum += w[p]
                }
                for p in 0..<taps {
                    indices[i * taps + p] = Self.mirror(left + p - 1, inLength)
                    weights[i * taps + p] = Float(w[p] / sum)
                }
            }
            self.indices = indices
            self.weights = weights
        }

        /// Symmetric extension: … 1 0 | 0 1 … n−1 | n−1 n−2 …
        static func mirror(_ j: Int, _ n: Int) -> Int {
            let period = 2 * n
            let m = ((j % period) + period) % period
            return m < n ? m : period - 1 - m
        }
    }

    private static func resizeRows(_ src: [Float], width: Int, height: Int, _ c: Contributions) -> [Float] {
        let outH = c.indices.count / c.taps
        var out = [Float](repeating: 0, count: outH * width)
        src.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<outH {
                    let row = i * width
                    for p in 0..<c.taps {
                        let wgt = c.weights[i * c.taps + p]
                        if wgt == 0 { continue }
                        let from = c.indices[i * c.taps + p] * width
                        for x in 0..<width { o[row + x] += wgt * s[from + x] }
                    }
                }
            }
        }
        return out
    }

    private static func resizeColumns(_ src: [Float], width: Int, height: Int, _ c: Contributions) -> [Float] {
        let outW = c.indices.count / c.taps
        var out = [Float](repeating: 0, count: height * outW)
        src.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                c.indices.withUnsafeBufferPointer { idx in
                    c.weights.withUnsafeBufferPointer { wts in
                        for y in 0..<height {
                            let row = y * width
                            for j in 0..<outW {
                                var acc: Float = 0
                                for p in 0..<c.taps { acc += wts[j * c.taps + p] * s[row + idx[j * c.taps + p]] }
                                o[y * outW + j] = acc
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
