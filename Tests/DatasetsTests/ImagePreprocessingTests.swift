import Foundation
import Testing
import Datasets

@Suite struct ImagePreprocessingTests {
    /// A one-row gray image from 8-bit values.
    func row(_ values: [UInt8]) -> RGBImage {
        RGBImage(width: values.count, height: 1, gray: values.map { Float($0) / 255 })
    }

    @Test func antialiasedShrinkMatchesPillowWeights() {
        // 4 → 2: triangle widened to support 2, windows cut at the border:
        // out0 = (.75·0 + .75·70 + .25·140) / 1.75 = 50, out1 = (.25·70 + .75·140 + .75·210) / 1.75 = 160.
        let out = AntialiasedBilinear.resize([0, 70, 140, 210].map { Float($0) / 255 }, width: 4, height: 1,
                                             outWidth: 2, outHeight: 1)
        #expect(abs(out[0] * 255 - 50) < 1e-4)
        #expect(abs(out[1] * 255 - 160) < 1e-4)
    }

    @Test func bilinearEnlargementInterpolates() {
        // 2 → 4: centres at 0.25, 0.75, 1.25, 1.75 of the input: 0, 25, 75, 100 for [0, 100].
        let out = AntialiasedBilinear.resize([0, 100], width: 2, height: 1, outWidth: 4, outHeight: 1)
        #expect(out == [0, 25, 75, 100])
    }

    @Test func imageNetPresetIsTorchvisionsTransform() throws {
        let p = try ImagePreprocessing.imageNet(height: 224, width: 224)
        #expect(p.resize == .shorterSide(256))
        #expect(p.mean == [0.485, 0.456, 0.406] && p.std == [0.229, 0.224, 0.225])
        // Shorter side to 256, longer truncated as torchvision does: 500×375 → 341×256.
        #expect(p.resizedSize(width: 500, height: 375) == (341, 256))
        #expect(p.resizedSize(width: 300, height: 600) == (256, 512))
    }

    @Test func smallImagesAreScaledUpToFitTheCrop() throws {
        let p = try ImagePreprocessing(resize: .shorterSide(8), height: 16, width: 16, channels: 3,
                                       mean: [0, 0, 0], std: [1, 1, 1])
        #expect(p.resizedSize(width: 10, height: 5) == (32, 16))
        let out = p.apply(to: RGBImage(width: 10, height: 5, gray: [Float](repeating: 0.5, count: 50)))
        #expect(out.count == 16 * 16 * 3 && out.allSatisfy { abs($0 - 0.5) < 1e-6 })
    }

    @Test func centreCropNormalisesPerChannelInChannelOrder() throws {
        // 4×1 RGB, shorter side stays 1... use a 3×3 image with distinct pixels, crop 1×1 = the centre.
        var pixels = [Float](repeating: 0, count: 27)
        for c in 0..<3 { pixels[c * 9 + 4] = Float(10 * (c + 1)) / 255 }  // centre: R 10, G 20, B 30
        let image = RGBImage(width: 3, height: 3, pixels: pixels)
        let p = try ImagePreprocessing(resize: .shorterSide(3), height: 1, width: 1, channels: 3, channelOrder: .bgr,
                                       valueScale: .byte, mean: [1, 2, 3], std: [2, 4, 8])
        let out = p.apply(to: image)
        #expect(out.count == 3)
        #expect(abs(out[0] - (30 - 1) / 2) < 1e-4)
        #expect(abs(out[1] - (20 - 2) / 4) < 1e-4)
        #expect(abs(out[2] - (10 - 3) / 8) < 1e-4)
    }

    @Test func grayOutputKeepsGrayPixelsExactAndUsesLumaForColour() throws {
        let p = try ImagePreprocessing.fashionMNIST(height: 1, width: 2)
        let gray = row([51, 102])
        let out = p.apply(to: gray)
        let expected = [(Float(51) / 255 - 0.2860) / 0.3530, (Float(102) / 255 - 0.2860) / 0.3530]
        #expect(out.count == 2 && zip(out, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        let red = RGBImage(width: 1, height: 1, pixels: [1, 0, 0])
        let luma = try ImagePreprocessing.identity(height: 1, width: 1, channels: 1).apply(to: red)
        #expect(abs(luma[0] - 0.299) < 1e-6)
    }

    @Test func outputIsChannelsLast() throws {
        // 2×1 image: pixel 0 = (R .1, G .2, B .3), pixel 1 = (.4, .5, .6) → [H=1, W=2, C=3] interleaved.
        let image = RGBImage(width: 2, height: 1, pixels: [0.1, 0.4, 0.2, 0.5, 0.3, 0.6])
        let out = try ImagePreprocessing.identity(height: 1, width: 2, channels: 3).apply(to: image)
        #expect(out == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    }

    @Test func invalidFieldsAreRefusedAndCodableRoundTrips() throws {
        #expect(throws: PreprocessingError.self) {
            try ImagePreprocessing(resize: .exact, height: 0, width: 4, channels: 3, mean: [0, 0, 0], std: [1, 1, 1])
        }
        #expect(throws: PreprocessingError.self) {
            try ImagePreprocessing(resize: .exact, height: 4, width: 4, channels: 3, mean: [0], std: [1])
        }
        #expect(throws: PreprocessingError.self) {
            try ImagePreprocessing(resize: .exact, height: 4, width: 4, channels: 1, mean: [0], std: [0])
        }
        #expect(throws: PreprocessingError.self) {
            try ImagePreprocessing(resize: .exact, height: 4, width: 4, channels: 4, mean: [0, 0, 0, 0], std: [1, 1, 1, 1])
        }
        let p = try ImagePreprocessing.imageNet(height: 224, width: 224)
        let decoded = try JSONDecoder().decode(ImagePreprocessing.self, from: JSONEncoder().encode(p))
        #expect(decoded == p)
    }
}
