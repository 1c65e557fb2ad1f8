import Tensor

/// An RGB image with Float samples in [0, 1], stored channel-planar:
/// all R samples row by row, then all G, then all B (the CHW order of tensors).
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 3 × height × width samples; plane `c` starts at `c * width * height`.
    public var pixels: [Float]

    /// Decoding refuses larger images (about 134 megapixels).
    public static let maximumPixels = 1 << 27

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0, "image size \(width)×\(height) must be positive")
        precondition(pixels.count == 3 * width * height, "\(width)×\(height) RGB needs \(3 * width * height) samples, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A gray image: the same plane in R, G and B.
    public init(width: Int, height: Int, gray: [Float]) {
        precondition(gray.count == width * height, "\(width)×\(height) gray needs \(width * height) samples, got \(gray.count)")
        self.init(width: width, height: height, pixels: gray + gray + gray)
    }

    public var planeSize: Int { width * height }

    public func plane(_ channel: Int) -> ArraySlice<Float> {
        pixels[(channel * planeSize)..<((channel + 1) * planeSize)]
    }

    /// Sample of `channel` at row `y`, column `x`.
    public subscript(channel: Int, y: Int, x: Int) -> Float {
        pixels[(channel * height + y) * width + x]
    }

    /// The top-left `width × height` region starting at (`x`, `y`).
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
        precondition(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
                     "crop \(w)×\(h) at (\(x), \(y)) outside \(width)×\(height)")
        var out = [Float](repeating: 0, count: 3 * w * h)
        for c in 0..<3 {
            for row in 0..<h {
                let src = (c * height + y + row) * width + x
                let dst = (c * h + row) * w
                for k in 0..<w { out[dst + k] = pixels[src + k] }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }

    /// Drops the right and bottom edges so both sides are multiples of `factor` (the SR "modcrop").
    public func croppedToMultiple(of factor: Int) -> RGBImage {
        cropped(x: 0, y: 0, width: width - width % factor, height: height - height % factor)
    }

    /// [1, H, W, 3] (channels last, as the engine computes).
    public var tensor: Tensor {
        let plane = width * height
        var out = [Float](repeating: 0, count: 3 * plane)
        for p in 0..<plane {
            for ch in 0..<3 { out[p * 3 + ch] = pixels[ch * plane + p] }
        }
        return Tensor(shape: [1, height, width, 3], scalars: out)
    }

    /// From an [H, W, 3] or [1, H, W, 3] tensor, values clamped to [0, 1].
    public init(tensor: Tensor) {
        let s = tensor.shape
        precondition((s.count == 3 && s[2] == 3) || (s.count == 4 && s[0] == 1 && s[3] == 3),
                     "RGBImage needs an [H, W, 3] or [1, H, W, 3] tensor, got \(s)")
        let height = s[s.count - 3], width = s[s.count - 2], plane = width * height
        var planes = [Float](repeating: 0, count: 3 * plane)
        tensor.withUnsafeBufferPointer { t in
            for p in 0..<plane {
                for ch in 0..<3 { planes[ch * plane + p] = min(max(t[p * 3 + ch], 0), 1) }
            }
        }
        self.init(width: width, height: height, pixels: planes)
    }
}
