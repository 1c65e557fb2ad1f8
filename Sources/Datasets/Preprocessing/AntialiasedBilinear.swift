/// Bilinear resizing as Pillow's `Image.resize(_, BILINEAR)` computes it (which
/// torchvision's `Resize` uses on images): a triangle filter widened by the
/// shrink factor (antialiasing), windows cut at the border and renormalised,
/// width resized before height. Samples stay Float (Pillow rounds to 8 bits
/// between passes, within 1/255 of this).
public enum AntialiasedBilinear {
    /// Resizes one row-major plane to `outWidth × outHeight`.
    public static func resize(_ plane: [Float], width: Int, height: Int, outWidth: Int, outHeight: Int) -> [Float] {
        precondition(plane.count == width * height, "plane of \(plane.count) samples is not \(width)×\(height)")
        precondition(outWidth > 0 && outHeight > 0, "output size must be positive")
        if width == outWidth && height == outHeight { return plane }
        let cols = Taps(inLength: width, outLength: outWidth)
        var wide = [Float](repeating: 0, count: outWidth * height)
        for y in 0..<height {
            for x in 0..<outWidth {
                var sum: Float = 0
                for k in 0..<cols.counts[x] { sum += cols.weights[x * cols.stride + k] * plane[y * width + cols.starts[x] + k] }
                wide[y * outWidth + x] = sum
            }
        }
        let rows = Taps(inLength: height, outLength: outHeight)
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        for y in 0..<outHeight {
            for k in 0..<rows.counts[y] {
                let w = rows.weights[y * rows.stride + k], src = (rows.starts[y] + k) * outWidth
                for x in 0..<outWidth { out[y * outWidth + x] += w * wide[src + x] }
            }
        }
        return out
    }

    /// Every channel of `image` resized.
    public static func resize(_ image: RGBImage, width outWidth: Int, height outHeight: Int) -> RGBImage {
        var pixels: [Float] = []
        pixels.reserveCapacity(3 * outWidth * outHeight)
        for c in 0..<3 {
            pixels += resize(Array(image.plane(c)), width: image.width, height: image.height,
                             outWidth: outWidth, outHeight: outHeight)
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: pixels)
    }

    /// Input window and normalised weights for every output position (Pillow's `precompute_coeffs`).
    struct Taps {
        let stride: Int
        var starts: [Int], counts: [Int], weights: [Float]

        init(inLength: Int, outLength: Int) {
            let scale = Double(inLength) / Double(outLength)
            let filterScale = max(scale, 1)
            let support = filterScale  // the triangle's support is 1
            stride = Int(support.rounded(.up)) * 2 + 1
            starts = [Int](repeating: 0, count: outLength)
            counts = [Int](repeating: 0, count: outLength)
            weights = [Float](repeating: 0, count: outLength * stride)
            var w = [Double](repeating: 0, count: stride)
            for i in 0..<outLength {
                let center = (Double(i) + 0.5) * scale
                let lo = max(Int(center - support + 0.5), 0)  // Int() truncates as C's cast does
                let n = min(min(Int(center + support + 0.5), inLength) - lo, stride)
                var total = 0.0
                for k in 0..<n {
                    w[k] = max(0, 1 - abs((Double(k + lo) - center + 0.5) / filterScale))
                    total += w[k]
                }
                starts[i] = lo
                counts[i] = n
                for k in 0..<n { weights[i * stride + k] = total > 0 ? Float(w[k] / total) : 0 }
            }
        }
    }
}
