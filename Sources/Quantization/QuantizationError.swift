/// Sum of squared fake-quantization errors of a histogram's values (bin
/// centres weighted by counts) for a candidate clip range. Exact zeros are
/// skipped: every grid here represents zero exactly.
struct QuantizationError {
    let values: [Float]
    let weights: [Double]
    let spec: QuantSpec

    init(_ h: ValueHistogram, spec: QuantSpec) {
        let bins = h.occupiedBins()
        values = bins.map(\.value)
        weights = bins.map(\.weight)
        self.spec = spec
    }

    func callAsFunction(low: Float, high: Float) -> Double {
        let grid = QuantParams(spec: spec, low: [low], high: [high]).grid(0)
        var total: Double = 0
        values.withUnsafeBufferPointer { v in
            weights.withUnsafeBufferPointer { w in
                for i in 0..<v.count {
                    let e = Double(v[i] - grid.quantize(v[i]))
                    total += w[i] * e * e
                }
            }
        }
        return total
    }

    /// Error of the range `ClipRange.fromMagnitude` gives for threshold t.
    func callAsFunction(magnitude t: Float, _ h: ValueHistogram) -> Double {
        let r = ClipRange.fromMagnitude(t, h, spec)
        return self(low: r.low, high: r.high)
    }
}
