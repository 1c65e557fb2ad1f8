/// A streaming histogram of one tensor's (or one channel's) values, memory
/// bounded over any number of calibration batches.
///
/// Two mirrored halves of `binsPerSide` bins cover |x| ∈ [0, range): the
/// positive and negative values are kept apart so that both |x| (symmetric
/// methods) and each tail (affine methods) can be read. Exact zeros are
/// counted separately: after ReLU they are half of all values and a method may
/// need to leave them out (see `KLCalibrator`). When a batch exceeds the
/// range, the range doubles and pairs of bins merge — exact, unlike the
/// interpolating re-binning of PyTorch's `HistogramObserver`; the price is that
/// the data may occupy as few as half the bins. Running sums give mean and
/// variance exactly; non-finite values are ignored.
public struct ValueHistogram: Sendable, Equatable {
    public private(set) var binsPerSide: Int
    /// Counts of positive values; bin i holds x ∈ [i·w, (i+1)·w), w = range / binsPerSide.
    public private(set) var positive: [Double]
    /// Counts of negative values; bin i holds −x ∈ [i·w, (i+1)·w).
    public private(set) var negative: [Double]
    public private(set) var range: Float = 0
    public private(set) var zeroCount: Double = 0
    public private(set) var count: Double = 0
    public private(set) var sum: Double = 0
    public private(set) var sumOfSquares: Double = 0
    public private(set) var minimum: Float = .infinity
    public private(set) var maximum: Float = -.infinity

    public init(binsPerSide: Int = 2048) {
        precondition(binsPerSide >= 16 && binsPerSide % 2 == 0, "histogram needs an even number ≥ 16 of bins")
        self.binsPerSide = binsPerSide
        positive = [Double](repeating: 0, count: binsPerSide)
        negative = [Double](repeating: 0, count: binsPerSide)
    }

    public var binWidth: Float { range / Float(binsPerSide) }
    public var maxAbs: Float { count == 0 ? 0 : Swift.max(abs(minimum), abs(maximum)) }
    public var mean: Double { count == 0 ? 0 : sum / count }
    public var variance: Double { count == 0 ? 0 : Swift.max(0, sumOfSquares / count - mean * mean) }
    public var nonzeroCount: Double { count - zeroCount }

    public mutating func observe(_ values: UnsafeBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        observe(base, count: values.count)
    }

    /// Adds `n` contiguous values.
    public mutating func observe(_ p: UnsafePointer<Float>, count n: Int) {
        var lo = Float.infinity, hi = -Float.infinity
        for i in 0..<n {
            let v = p[i]
            if v.isFinite {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
        }
        guard lo <= hi else { return }
        grow(toCover: Swift.max(abs(lo), abs(hi)))
        minimum = Swift.min(minimum, lo)
        maximum = Swift.max(maximum, hi)
        let last = binsPerSide - 1
        // In Double: for a range of denormals, bins / range overflows Float (and Int(inf) traps).
        let inv = range > 0 ? Double(binsPerSide) / Double(range) : 0
        var s: Double = 0, s2: Double = 0, zeros: Double = 0, seen: Double = 0
        positive.withUnsafeMutableBufferPointer { pos in
            negative.withUnsafeMutableBufferPointer { neg in
                for i in 0..<n {
                    let v = p[i]
                    guard v.isFinite else { continue }
                    seen += 1
                    s += Double(v)
                    s2 += Double(v) * Double(v)
                    if v == 0 {
                        zeros += 1
                    } else if v > 0 {
                        pos[Int(Swift.min(Double(v) * inv, Double(last)))] += 1
                    } else {
                        neg[Int(Swift.min(Double(-v) * inv, Double(last)))] += 1
                    }
                }
            }
        }
        count += seen
        zeroCount += zeros
        sum += s
        sumOfSquares += s2
    }

    /// Doubles the range (merging bin pairs) until it covers `maxAbs`. The
    /// range is kept strictly above every value seen, so each value sits in its
    /// half-open bin and merging stays exact.
    mutating func grow(toCover maxAbs: Float) {
        guard maxAbs >= range else { return }
        if range == 0 {
            range = maxAbs * (1 + 0x1p-20)
            return
        }
        while range <= maxAbs {
            range *= 2
            for side in 0..<2 {
                var bins = side == 0 ? positive : negative
                let half = binsPerSide / 2
                for i in 0..<half { bins[i] = bins[2 * i] + bins[2 * i + 1] }
                for i in half..<binsPerSide { bins[i] = 0 }
                if side == 0 { positive = bins } else { negative = bins }
            }
        }
    }

    /// Counts of |x| per bin (exact zeros excluded; they are in `zeroCount`).
    public var absoluteBins: [Double] {
        (0..<binsPerSide).map { positive[$0] + negative[$0] }
    }

    /// Bin centres and counts of every occupied bin, negative values first,
    /// clamped to the observed extremes. Exact zeros are left out.
    func occupiedBins() -> [(value: Float, weight: Double)] {
        var out: [(Float, Double)] = []
        let w = binWidth
        for i in stride(from: binsPerSide - 1, through: 0, by: -1) where negative[i] > 0 {
            out.append((Swift.max(-(Float(i) + 0.5) * w, minimum), negative[i]))
        }
        for i in 0..<binsPerSide where positive[i] > 0 {
            out.append((Swift.min((Float(i) + 0.5) * w, maximum), positive[i]))
        }
        return out
    }

    /// The value below which `fraction` of |x| lies (zeros included),
    /// interpolating linearly inside a bin and capped at max|x|.
    public func absoluteQuantile(_ fraction: Double) -> Float {
        guard count > 0 else { return 0 }
        let target = fraction * count
        var cumulative = zeroCount
        if cumulative >= target { return 0 }
        let w = binWidth
        for i in 0..<binsPerSide {
            let c = positive[i] + negative[i]
            if c > 0 && cumulative + c >= target {
                let f = Float((target - cumulative) / c)
                return Swift.min((Float(i) + f) * w, maxAbs)
            }
            cumulative += c
        }
        return maxAbs
    }

    /// The value below which `fraction` of x lies (signed order), interpolated
    /// inside a bin and kept within [minimum, maximum].
    public func quantile(_ fraction: Double) -> Float {
        guard count > 0 else { return 0 }
        let target = fraction * count
        let w = binWidth
        var cumulative: Double = 0
        for i in stride(from: binsPerSide - 1, through: 0, by: -1) {
            let c = negative[i]
            if c > 0 && cumulative + c >= target {
                let f = Float((target - cumulative) / c)
                // Bin spans [−(i+1)w, −iw]; move up from its lower edge.
                return Swift.min(Swift.max(-(Float(i) + 1 - f) * w, minimum), maximum)
            }
            cumulative += c
        }
        cumulative += zeroCount
        if cumulative >= target { return Swift.min(Swift.max(0, minimum), maximum) }
        for i in 0..<binsPerSide {
            let c = positive[i]
            if c > 0 && cumulative + c >= target {
                let f = Float((target - cumulative) / c)
                return Swift.min(Swift.max((Float(i) + f) * w, minimum), maximum)
            }
            cumulative += c
        }
        return maximum
    }

    /// Adds another histogram of values scaled by `factor` (bin centres are
    /// re-binned; used to pool channels normalised to a common range).
    mutating func merge(_ other: ValueHistogram, scaledBy factor: Float) {
        precondition(factor.isFinite && factor > 0, "merge: scale factor \(factor) must be finite and positive")
        guard other.count > 0 else { return }
        grow(toCover: other.maxAbs * factor)
        let inv = range > 0 ? Float(binsPerSide) / range : 0
        let last = binsPerSide - 1
        for (v, c) in other.occupiedBins() {
            let x = v * factor
            let bin = Swift.min(Int(abs(x) * inv), last)
            if x > 0 { positive[bin] += c } else { negative[bin] += c }
        }
        zeroCount += other.zeroCount
        count += other.count
        sum += other.sum * Double(factor)
        sumOfSquares += other.sumOfSquares * Double(factor * factor)
        minimum = Swift.min(minimum, other.minimum * factor)
        maximum = Swift.max(maximum, other.maximum * factor)
    }
}
