import Testing
import Datasets

@Suite("MATLAB-compatible bicubic resize")
struct BicubicTests {
    @Test("matches the independent NumPy imresize", arguments: BicubicReference.cases.map(\.name))
    func reference(_ name: String) throws {
        let c = try #require(BicubicReference.cases.first { $0.name == name })
        let r = Bicubic.resize(c.input.map(Float.init), width: c.width, height: c.height, scale: c.scale)
        #expect(r.width == c.outWidth && r.height == c.outHeight)
        let worst = zip(r.plane, c.output).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 2e-6, "largest difference \(worst)")
    }

    @Test("without antialiasing, 0…15 in 4×4 halves to Octave's imresize values")
    func octaveNoAntialias() {
        let plane = (0..<16).map(Float.init)
        let r = Bicubic.resize(plane, width: 4, height: 4, scale: 0.5, antialias: false)
        let expected: [Float] = [2.1875, 4.3125, 10.6875, 12.8125]
        #expect(zip(r.plane, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(r.plane)")
    }

    @Test("constants stay constant; halving a ramp averages neighbour pairs away from the edges")
    func invariants() {
        let constant = [Float](repeating: 0.3, count: 17 * 9)
        for scale in [0.25, 0.5, 1.0 / 3, 2, 3] {
            let r = Bicubic.resize(constant, width: 17, height: 9, scale: scale)
            #expect(r.plane.allSatisfy { abs($0 - 0.3) < 1e-6 })
        }
        let ramp = (0..<(16 * 4)).map { Float($0 % 16) }
        let half = Bicubic.resize(ramp, width: 16, height: 4, scale: 0.5)
        #expect(half.width == 8 && half.height == 2)
        for x in 2..<6 { #expect(abs(half.plane[x] - (Float(2 * x) + 0.5)) < 1e-5) }
    }

    @Test("RGB downscaling crops to a multiple of the factor first and clamps")
    func rgbDownscale() {
        let image = RGBImage(width: 10, height: 7, pixels: (0..<210).map { Float($0 % 2) })
        let small = image.bicubicDownscaled(by: 3)
        #expect(small.width == 3 && small.height == 2)
        #expect(small.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        let large = small.bicubicUpscaled(by: 3)
        #expect(large.width == 9 && large.height == 6)
    }
}
