/// Scale and zero point per channel (one entry when per tensor) for a `QuantSpec`.
public struct QuantParams: Sendable, Equatable, Codable {
    public var spec: QuantSpec
    public var scales: [Float]
    /// Integer zero points (0 for symmetric grids).
    public var zeroPoints: [Int]

    /// Smallest scale PyTorch's observers allow (float32 machine epsilon): an
    /// all-zero channel still gets a finite, invertible scale.
    public static let minimumScale: Float = .ulpOfOne

    public init(spec: QuantSpec, scales: [Float], zeroPoints: [Int]) {
        precondition(scales.count == zeroPoints.count && !scales.isEmpty,
                     "QuantParams: \(scales.count) scales but \(zeroPoints.count) zero points")
        precondition(scales.allSatisfy { $0 > 0 && $0.isFinite }, "QuantParams: scales must be positive and finite")
        self.spec = spec
        self.scales = scales
        self.zeroPoints = zeroPoints
    }

    /// Parameters whose grid covers the clip range [low[c], high[c]] of each channel.
    ///
    /// Symmetric signed: scale = max(|low|, |high|) / qmax. Unsigned with zero
    /// point 0: scale = high / qmax. Affine: the range is first widened to
    /// contain 0 (so zero — ReLU output, padding — is exact). The real-valued
    /// zero point t = qmin − low·(qmax − qmin)/(high − low) is then rounded
    /// down or up, whichever needs the smaller scale to still cover both ends
    /// of the range. PyTorch's observers round t to nearest and keep the scale,
    /// which clips up to half a step off either end — on a normalised image
    /// that moves every background pixel. Covering costs at most about
    /// 1/(qmax − qmin) in resolution and honours the calibrator's range.
    public init(spec: QuantSpec, low: [Float], high: [Float]) {
        precondition(low.count == high.count && !low.isEmpty, "QuantParams: \(low.count) lows but \(high.count) highs")
        var scales = [Float](repeating: 1, count: low.count)
        var zeros = [Int](repeating: 0, count: low.count)
        let qmin = Float(spec.qmin), qmax = Float(spec.qmax)
        for c in 0..<low.count {
            let lo = Swift.min(low[c], 0), hi = Swift.max(high[c], 0)
            if spec.isSymmetric {
                let t = spec.isSigned ? Swift.max(-lo, hi) : hi
                scales[c] = Swift.max(t / qmax, Self.minimumScale)
            } else {
                let s = Swift.max((hi - lo) / (qmax - qmin), Self.minimumScale)
                let t = Swift.min(Swift.max(qmin - lo / s, qmin), qmax)
                var best = (scale: Float.infinity, zero: t.rounded(.toNearestOrEven))
                for z in [t.rounded(.down), t.rounded(.up)] {
                    let needed = Swift.max(z > qmin ? -lo / (z - qmin) : 0, z < qmax ? hi / (qmax - z) : 0)
                    // A zero point at the grid's end leaves that side uncovered:
                    // acceptable only within half a step of zero (where
                    // rounding would put it anyway).
                    if z <= qmin && -lo > needed / 2 { continue }
                    if z >= qmax && hi > needed / 2 { continue }
                    if needed > 0 && needed < best.scale { best = (needed, z) }
                }
                scales[c] = best.scale.isFinite ? Swift.max(best.scale, Self.minimumScale) : s
                zeros[c] = Int(best.zero)
            }
        }
        self.init(spec: spec, scales: scales, zeroPoints: zeros)
    }

    /// Same range for every one of `channels` channels.
    public init(spec: QuantSpec, low: Float, high: Float, channels: Int = 1) {
        self.init(spec: spec, low: [Float](repeating: low, count: channels),
                  high: [Float](repeating: high, count: channels))
    }

    public var channelCount: Int { scales.count }

    /// Lowest representable value per channel.
    public var clipLow: [Float] {
        (0..<channelCount).map { Float(spec.qmin - zeroPoints[$0]) * scales[$0] }
    }

    /// Highest representable value per channel.
    public var clipHigh: [Float] {
        (0..<channelCount).map { Float(spec.qmax - zeroPoints[$0]) * scales[$0] }
    }

    func grid(_ c: Int) -> QuantGrid {
        QuantGrid(scale: scales[c], low: Float(spec.qmin - zeroPoints[c]), high: Float(spec.qmax - zeroPoints[c]))
    }
}
