import Foundation
import Testing
import Datasets
import Tensor

@Suite("Super-resolution pair sampler")
struct SRPairSamplerTests {
    /// A smooth colour image with values inside (0.2, 0.8), so no clamping happens.
    func smoothImage(width: Int, height: Int, phase: Float) -> RGBImage {
        var pixels: [Float] = []
        for c in 0..<3 {
            for y in 0..<height {
                for x in 0..<width {
                    let angle: Float = Float(x) * 0.21 + Float(y) * 0.13 * Float(c + 1) + phase
                    pixels.append(0.5 + 0.3 * sin(angle))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    @Test("shapes, channel option and determinism per (seed, index)")
    func determinism() {
        let images = [smoothImage(width: 50, height: 41, phase: 0), smoothImage(width: 64, height: 64, phase: 1)]
        for channels in ImageChannels.allCases {
            let s = SRPairSampler(images: images, scale: 2, patchSize: 8, channels: channels, seed: 9)
            let (lr, hr) = s.batch(3, size: 5)
            #expect(lr.shape == [5, 8, 8, channels.count] && hr.shape == [5, 16, 16, channels.count])
            let again = s.batch(3, size: 5)
            #expect(again.lr == lr && again.hr == hr)
            #expect(s.batch(4, size: 5).lr != lr)
            let other = SRPairSampler(images: images, scale: 2, patchSize: 8, channels: channels, seed: 10)
            #expect(other.batch(3, size: 5).lr != lr)
        }
    }

    @Test("each LR patch is the bicubic shrink of its HR patch, under every flip and rotation",
          arguments: [(2, ImageChannels.rgb), (3, .luma), (4, .rgb)])
    func alignment(scale: Int, channels: ImageChannels) {
        let images = [smoothImage(width: 97, height: 83, phase: 0.4)]
        let p = 10
        let s = SRPairSampler(images: images, scale: scale, patchSize: p, channels: channels, augment: true, seed: 1)
        let (lr, hr) = s.batch(0, size: 16)
        let c = channels.count, q = p * scale
        var worst: Float = 0
        for b in 0..<16 {
            for ch in 0..<c {
                let hrPlane = (0..<(q * q)).map { hr[flat: (b * q * q + $0) * c + ch] }
                let shrunk = Bicubic.resize(hrPlane, width: q, height: q, scale: 1 / Double(scale)).plane
                // Away from the patch edges the kernel sees only pixels inside the patch.
                for i in 2..<(p - 2) {
                    for j in 2..<(p - 2) {
                        worst = max(worst, abs(shrunk[i * p + j] - lr[flat: ((b * p + i) * p + j) * c + ch]))
                    }
                }
            }
        }
        #expect(worst < 1e-5, "largest mismatch \(worst)")
    }

    @Test("augmentation produces flipped and rotated patches")
    func symmetries() {
        // Column index encoded in the pixel: a plain patch increases left to right.
        let width = 40
        let image = RGBImage(width: width, height: 40, gray: (0..<(40 * width)).map { Float($0 % width) / Float(width) })
        let s = SRPairSampler(images: [image], scale: 2, patchSize: 6, channels: .rgb, augment: true, seed: 5)
        let (lr, _) = s.batch(0, size: 64)
        var kinds = Set<String>()
        for b in 0..<64 {
            let base = b * 3 * 36
            let right = lr[flat: base + 3 * 6 + 4] - lr[flat: base + 3 * 6 + 1]
            let down = lr[flat: base + 4 * 6 + 3] - lr[flat: base + 1 * 6 + 3]
            if right > 0 { kinds.insert("plain") } else if right < 0 { kinds.insert("mirrored") }
            else if down > 0 { kinds.insert("transposed") } else if down < 0 { kinds.insert("transposed-flipped") }
        }
        #expect(kinds == ["plain", "mirrored", "transposed", "transposed-flipped"])
    }
}
