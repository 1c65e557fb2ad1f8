import Tensor

/// Everything the PTQ calibrators need, gathered in one pass per batch: a
/// histogram of the whole tensor and, for per-channel calibration, one per
/// channel. All five methods read the same statistics, so a caller that wants
/// every candidate observes once (`PTQMethod.params(from:spec:options:)`).
public struct CalibrationStatistics: Sendable, Equatable {
    public let granularity: QuantGranularity
    public private(set) var tensor: ValueHistogram
    /// One per channel when per-channel, else empty.
    public private(set) var channels: [ValueHistogram]
    public let binsPerSide: Int

    public init(granularity: QuantGranularity = .perTensor, binsPerSide: Int = 2048) {
        self.granularity = granularity
        self.binsPerSide = binsPerSide
        tensor = ValueHistogram(binsPerSide: binsPerSide)
        channels = []
    }

    public mutating func observe(_ x: Tensor) {
        let (outer, count, inner) = granularity.layout(for: x.shape)
        x.withUnsafeBufferPointer { p in
            tensor.observe(p)
            guard case .perChannel = granularity, let base = p.baseAddress else { return }
            if channels.isEmpty {
                channels = [ValueHistogram](repeating: ValueHistogram(binsPerSide: binsPerSide), count: count)
            }
            precondition(channels.count == count, "calibration: \(count) channels now, \(channels.count) before")
            for o in 0..<outer {
                for c in 0..<count {
                    channels[c].observe(base + (o * count + c) * inner, count: inner)
                }
            }
        }
    }

    /// The histograms that parameters are computed from, one per parameter set.
    public var perParameterSet: [ValueHistogram] {
        switch granularity {
        case .perTensor: return [tensor]
        case .perChannel: return channels
        }
    }

    public var observedMinimum: Float { tensor.count == 0 ? 0 : tensor.minimum }

    /// The activation grid for these statistics (see `QuantSpec.activations`).
    public func activationSpec(bits: Int, signedAffine: Bool = true) -> QuantSpec {
        QuantSpec.activations(bits: bits, observedMinimum: observedMinimum, signedAffine: signedAffine)
    }

    /// Applies `clip(histogram) -> (low, high)` to every parameter set.
    func params(_ spec: QuantSpec, clip: (ValueHistogram) -> (low: Float, high: Float)) -> QuantParams {
        precondition(spec.granularity == granularity,
                     "calibration observed \(granularity) statistics but the spec asks for \(spec.granularity)")
        precondition(tensor.count > 0, "calibration: no values observed")
        let ranges = perParameterSet.map(clip)
        return QuantParams(spec: spec, low: ranges.map(\.low), high: ranges.map(\.high))
    }
}
