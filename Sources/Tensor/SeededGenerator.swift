import Foundation

/// A small, fast, seedable random number generator (xoshiro256**), so that
/// every run with the same seed draws the same numbers on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        // SplitMix64 spreads a small seed over the whole state.
        var z = seed
        func next() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// Standard normal (Box–Muller).
    public mutating func nextNormal() -> Float {
        var u1 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// Uniform integer in 0..<bound.
    public mutating func nextInt(below bound: Int) -> Int {
        Int(next(upperBound: UInt64(bound)))
    }
}

