import Foundation

/// Full-reference quality metrics as reported in the super-resolution
/// literature: computed on the BT.601 luma (Y) plane with `border` pixels
/// cropped from every side, on samples in [0, 1] (peak 1).
public enum ImageQuality {
    /// PSNR in dB between two same-sized planes; +∞ when they are identical.
    public static func psnr(_ a: [Float], _ b: [Float], width: Int, height: Int, border: Int = 0) -> Double {
        precondition(a.count == width * height && b.count == width * height, "planes must both be \(width)×\(height)")
        precondition(width > 2 * border && height > 2 * border, "border \(border) leaves nothing of \(width)×\(height)")
        var sum = 0.0
        for y in border..<(height - border) {
            for x in border..<(width - border) {
                let d = Double(a[y * width + x]) - Double(b[y * width + x])
                sum += d * d
            }
        }
        let mse = sum / Double((width - 2 * border) * (height - 2 * border))
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    /// PSNR on Y with a border of `scale` pixels, the usual SR protocol.
    public static func psnrY(_ a: RGBImage, _ b: RGBImage, border: Int) -> Double {
        precondition(a.width == b.width && a.height == b.height, "images differ in size")
        return psnr(a.luma(), b.luma(), width: a.width, height: a.height, border: border)
    }

    /// Mean SSIM (Wang et al. 2004): 11×11 Gaussian window with σ = 1.5,
    /// K1 = 0.01, K2 = 0.03, dynamic range 1, statistics only where the whole
    /// window fits ("valid"), after cropping `border` pixels.
    public static func ssim(_ a: [Float], _ b: [Float], width: Int, height: Int, border: Int = 0) -> Double {
        precondition(a.count == width * height && b.count == width * height, "planes must both be \(width)×\(height)")
        let w = width - 2 * border, h = height - 2 * border
        precondition(w >= 11 && h >= 11, "SSIM needs at least 11×11 pixels after the border crop")
        func crop(_ p: [Float]) -> [Double] {
            var out = [Double](repeating: 0, count: w * h)
            for y in 0..<h { for x in 0..<w { out[y * w + x] = Double(p[(y + border) * width + x + border]) } }
            return out
        }
        let x = crop(a), y = crop(b)
        let window = gaussianWindow()
        let mx = filterValid(x, w, h, window), my = filterValid(y, w, h, window)
        let xx = filterValid(zip(x, x).map(*), w, h, window)
        let yy = filterValid(zip(y, y).map(*), w, h, window)
        let xy = filterValid(zip(x, y).map(*), w, h, window)
        let c1 = 0.01 * 0.01, c2 = 0.03 * 0.03
        var total = 0.0
        for i in 0..<mx.count {
            let (m1, m2) = (mx[i], my[i])
            let s1 = xx[i] - m1 * m1, s2 = yy[i] - m2 * m2, s12 = xy[i] - m1 * m2
            total += ((2 * m1 * m2 + c1) * (2 * s12 + c2)) / ((m1 * m1 + m2 * m2 + c1) * (s1 + s2 + c2))
        }
        return total / Double(mx.count)
    }

    public static func ssimY(_ a: RGBImage, _ b: RGBImage, border: Int) -> Double {
        precondition(a.width == b.width && a.height == b.height, "images differ in size")
        return ssim(a.luma(), b.luma(), width: a.width, height: a.height, border: border)
    }

    /// Normalised 1-D Gaussian of length 11, σ 1.5 (the 2-D window is its outer product).
    static func gaussianWindow() -> [Double] {
        let g = (0..<11).map { i -> Double in let d = Double(i - 5); return exp(-d * d / (2 * 1.5 * 1.5)) }
        let s = g.reduce(0, +)
        return g.map { $0 / s }
    }

    /// Separable correlation, output (h − 10) × (w − 10).
    static func filterValid(_ p: [Double], _ w: Int, _ h: Int, _ g: [Double]) -> [Double] {
        let ow = w - 10, oh = h - 10
        var horizontal = [Double](repeating: 0, count: h * ow)
        for y in 0..<h {
            for x in 0..<ow {
                var s = 0.0
                for k in 0..<11 { s += g[k] * p[y * w + x + k] }
                horizontal[y * ow + x] = s
            }
        }
        var out = [Double](repeating: 0, count: oh * ow)
        for y in 0..<oh {
            for x in 0..<ow {
                var s = 0.0
                for k in 0..<11 { s += g[k] * horizontal[(y + k) * ow + x] }
                out[y * ow + x] = s
            }
        }
        return out
    }
}
