import Foundation
import Tensor

/// Seeded samples with known distributions.
enum Samples {
    static func uniform(_ count: Int, low: Float, high: Float, seed: UInt64 = 1) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.randomUniform([count], low: low, high: high, generator: &g)
    }

    static func gaussian(_ count: Int, std: Float, seed: UInt64 = 2) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.randomNormal([count], std: std, generator: &g)
    }

    /// Laplace(0, b) by inverse CDF.
    static func laplace(_ count: Int, b: Float, seed: UInt64 = 3) -> Tensor {
        var g = SeededGenerator(seed: seed)
        var v = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var u = g.nextUnit() - 0.5
            if u == -0.5 { u = -0.499_999 }
            let s: Float = u < 0 ? -1 : 1
            v[i] = -b * s * log(1 - 2 * abs(u))
        }
        return Tensor(shape: [count], scalars: v)
    }

    static func relu(_ t: Tensor) -> Tensor { t.map { max(0, $0) } }
}
