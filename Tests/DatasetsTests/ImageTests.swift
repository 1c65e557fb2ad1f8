import Foundation
import Testing
import Datasets
import TestSupport

@Suite("Image decoding, luma, PSNR and SSIM")
struct ImageTests {
    @Test("an RGB PNG decodes to planar samples in [0, 1]")
    func decodeRGB() throws {
        // 3×2: red, green, blue / white, black, gray 51.
        let bytes: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 51, 51, 51]
        let image = try RGBImage(encoded: TinyPNG.encode(width: 3, height: 2, channels: 3, bytes: bytes))
        #expect(image.width == 3 && image.height == 2)
        #expect(Array(image.plane(0)) == [1, 0, 0, 1, 0, 0.2])
        #expect(Array(image.plane(1)) == [0, 1, 0, 1, 0, 0.2])
        #expect(Array(image.plane(2)) == [0, 0, 1, 1, 0, 0.2])
        #expect(image[2, 0, 2] == 1)
    }

    @Test("a gray PNG is replicated to three equal planes")
    func decodeGray() throws {
        let image = try RGBImage(encoded: TinyPNG.encode(width: 2, height: 2, channels: 1, bytes: [0, 85, 170, 255]))
        let expected: [Float] = [0, 1.0 / 3, 2.0 / 3, 1]
        #expect(Array(image.plane(0)) == expected && Array(image.plane(1)) == expected && Array(image.plane(2)) == expected)
    }

    @Test("garbage, empty and truncated files are refused as undecodable")
    func corrupt() throws {
        let garbage = Data((0..<200).map { UInt8(($0 * 37) & 0xFF) })
        for data in [garbage, Data()] {
            #expect {
                try RGBImage(encoded: data, name: "x")
            } throws: { error in
                if case ImageError.undecodable(path: "x", reason: _) = error { return true }
                return false
            }
        }
        let png = TinyPNG.encode(width: 8, height: 8, channels: 3, bytes: [UInt8](repeating: 7, count: 192))
        #expect {
            try RGBImage(encoded: png.prefix(png.count / 2), name: "cut")
        } throws: { error in
            if case ImageError.undecodable(path: "cut", reason: _) = error { return true }
            return false
        }
        #expect(throws: ImageError.self) { try RGBImage(contentsOf: URL(fileURLWithPath: "/nonexistent.png")) }
    }

    @Test("BT.601 luma spans [16, 235] / 255")
    func luma() {
        let image = RGBImage(width: 4, height: 1, pixels: [0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1])
        let y = image.luma()
        #expect(abs(y[0] - 16 / 255) < 1e-6)
        #expect(abs(y[1] - 235 / 255) < 1e-6)
        #expect(abs(y[2] - (16 + 65.481) / 255) < 1e-6)
        #expect(abs(y[3] - (16 + 24.966) / 255) < 1e-6)
        #expect(image.tensor(channels: .luma).shape == [1, 1, 4, 1])
        #expect(image.tensor(channels: .rgb).shape == [1, 1, 4, 3])
        // Channels-last: pixel 1 (white) is R, G, B = 1, 1, 1 at flat 3, 4, 5.
        #expect(Array(image.tensor(channels: .rgb).scalars[3..<6]) == [1, 1, 1])
        #expect(RGBImage(tensor: image.tensor(channels: .rgb)).pixels == image.pixels)
    }

    @Test("PSNR: identical planes give +∞, a uniform error of 0.1 gives 20 dB, the border is excluded")
    func psnr() {
        let a = [Float](repeating: 0.5, count: 36)
        #expect(ImageQuality.psnr(a, a, width: 6, height: 6) == .infinity)
        let b = a.map { $0 + 0.1 }
        #expect(abs(ImageQuality.psnr(a, b, width: 6, height: 6) - 20) < 1e-4)
        var edged = a
        for i in 0..<6 { edged[i] = 0; edged[30 + i] = 1; edged[6 * i] = 0; edged[6 * i + 5] = 1 }
        #expect(ImageQuality.psnr(a, edged, width: 6, height: 6, border: 1) == .infinity)
        #expect(ImageQuality.psnr(a, edged, width: 6, height: 6, border: 0) < 10)
        let image = RGBImage(width: 6, height: 6, gray: a)
        #expect(ImageQuality.psnrY(image, image, border: 2) == .infinity)
    }

    @Test("SSIM matches the NumPy reference; identical planes give 1")
    func ssim() {
        let a = BicubicReference.ssimA.map(Float.init), b = BicubicReference.ssimB.map(Float.init)
        let (w, h) = (BicubicReference.ssimWidth, BicubicReference.ssimHeight)
        #expect(abs(ImageQuality.ssim(a, b, width: w, height: h) - BicubicReference.ssim) < 1e-6)
        #expect(abs(ImageQuality.ssim(a, a, width: w, height: h) - 1) < 1e-12)
        #expect(ImageQuality.ssim(a, a.map { 1 - $0 }, width: w, height: h) < 0)
    }
}
