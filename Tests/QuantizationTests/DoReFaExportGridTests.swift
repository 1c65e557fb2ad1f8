import Testing
import Tensor
import Quantization

/// DoReFa's weights expressed on an integer grid (what a QDQ export needs).
struct DoReFaExportGridTests {
    @Test("the 2^k levels are the odd codes of a (k+1)-bit grid, and QDQ through it reproduces them", arguments: [2, 3, 4, 7])
    func levelsAreOddCodes(bits: Int) throws {
        var rng = SeededGenerator(seed: UInt64(bits))
        let w = Tensor.randomNormal([6, 3, 3, 3], std: 0.4, generator: &rng)
        for restores in [true, false] {
            let q = DoReFaWeightQuantizer(bits: bits, restoresScale: restores)
            let grid = try #require(q.exportGrid(for: w))
            let n = (1 << bits) - 1
            #expect(grid.spec.qmin == -n && grid.spec.qmax == n && grid.zeroPoints == [0])
            let y = q.forward(w)
            var codes = Set<Int>()
            for v in y.scalars {
                let c = v / grid.scales[0]
                let r = c.rounded()
                #expect(abs(c - r) < 1e-3, "\(v) is not on the grid: \(c)")
                #expect(Int(r) % 2 != 0, "even code \(Int(r))")
                codes.insert(Int(r))
            }
            // The weight of largest magnitude lands on the grid's end.
            #expect(codes.contains(n) || codes.contains(-n))
            #expect(codes.allSatisfy { abs($0) <= n })
            // Quantize/dequantize on the grid returns the same weights (to float rounding).
            let roundTrip = FakeQuant.forward(y, grid)
            for (a, b) in zip(roundTrip.scalars, y.scalars) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
        }
    }

    @Test("8-bit DoReFa weights need 9-bit codes: no int8 grid")
    func eightBitsHasNoGrid() {
        #expect(DoReFaWeightQuantizer(bits: 8).exportGrid(for: Tensor(shape: [2], scalars: [0.1, -0.2])) == nil)
    }
}
