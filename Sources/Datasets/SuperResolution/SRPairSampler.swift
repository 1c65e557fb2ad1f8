import Tensor

/// Random training pairs for super-resolution: aligned LR / HR patches.
///
/// Every image is cropped to a multiple of `scale` and shrunk once by bicubic
/// (`RGBImage.bicubicDownscaled`); a sample is an LR patch of
/// `patchSize × patchSize` at a random position and the HR patch of
/// `patchSize·scale` covering the same area, both put through the same random
/// flip / 90° rotation (one of the 8 symmetries of the square) when `augment`
/// is on. Images are drawn uniformly. Batch `index` depends only on `seed`
/// and `index`, so batches can be drawn in any order, from any thread.
public struct SRPairSampler: Sendable {
    public let scale: Int
    public let patchSize: Int
    public let channels: ImageChannels
    public let augment: Bool
    public let seed: UInt64
    private let pairs: [Pair]

    private struct Pair: Sendable {
        var lr: [Float]
        var hr: [Float]
        var lrWidth: Int
        var lrHeight: Int
    }

    public init(images: [RGBImage], scale: Int, patchSize: Int, channels: ImageChannels = .rgb,
                augment: Bool = true, seed: UInt64) {
        precondition(scale >= 1 && patchSize >= 1, "scale and patch size must be positive")
        precondition(!images.isEmpty, "SRPairSampler needs at least one image")
        self.scale = scale
        self.patchSize = patchSize
        self.channels = channels
        self.augment = augment
        self.seed = seed
        pairs = images.map { image in
            precondition(image.width >= patchSize * scale && image.height >= patchSize * scale,
                         "a \(image.width)×\(image.height) image is smaller than an HR patch of \(patchSize * scale)")
            let hr = image.croppedToMultiple(of: scale)
            let lr = image.bicubicDownscaled(by: scale)
            return Pair(lr: lr.planes(channels), hr: hr.planes(channels), lrWidth: lr.width, lrHeight: lr.height)
        }
    }

    public var imageCount: Int { pairs.count }

    /// Batch number `index`: LR [B, P, P, C] and HR [B, P·s, P·s, C].
    public func batch(_ index: Int, size: Int) -> (lr: Tensor, hr: Tensor) {
        precondition(size > 0, "batch size must be positive")
        var generator = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        let c = channels.count, p = patchSize, q = patchSize * scale
        var lr = [Float](repeating: 0, count: size * c * p * p)
        var hr = [Float](repeating: 0, count: size * c * q * q)
        for b in 0..<size {
            let pair = pairs[generator.nextInt(below: pairs.count)]
            let x = generator.nextInt(below: pair.lrWidth - p + 1)
            let y = generator.nextInt(below: pair.lrHeight - p + 1)
            let symmetry = augment ? generator.nextInt(below: 8) : 0
            Self.copyPatch(from: pair.lr, width: pair.lrWidth, height: pair.lrHeight, channels: c,
                           x: x, y: y, size: p, symmetry: symmetry, into: &lr, at: b * c * p * p)
            Self.copyPatch(from: pair.hr, width: pair.lrWidth * scale, height: pair.lrHeight * scale, channels: c,
                           x: x * scale, y: y * scale, size: q, symmetry: symmetry, into: &hr, at: b * c * q * q)
        }
        return (Tensor(shape: [size, p, p, c], scalars: lr), Tensor(shape: [size, q, q, c], scalars: hr))
    }

    /// Copies a square patch from channel planes into channels-last order; bit 0 of `symmetry` mirrors left–right, bit 1
    /// top–bottom, bit 2 transposes (together: all rotations and flips).
    static func copyPatch(from src: [Float], width: Int, height: Int, channels: Int, x: Int, y: Int, size: Int,
                          symmetry: Int, into dst: inout [Float], at offset: Int) {
        for ch in 0..<channels {
            let plane = ch * width * height
            for i in 0..<size {
                for j in 0..<size {
                    var (si, sj) = symmetry & 4 != 0 ? (j, i) : (i, j)
                    if symmetry & 2 != 0 { si = size - 1 - si }
                    if symmetry & 1 != 0 { sj = size - 1 - sj }
                    dst[offset + (i * size + j) * channels + ch] = src[plane + (y + si) * width + x + sj]
                }
            }
        }
    }
}
