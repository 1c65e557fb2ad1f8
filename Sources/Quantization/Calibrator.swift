import Tensor

/// A post-training calibration method: observe calibration batches, then fix
/// quantization parameters for a grid.
///
/// The spec's granularity must equal the one the calibrator was built with
/// (per-channel statistics are gathered while observing); its signedness and
/// bit-width may be chosen after observing, e.g. with `activationSpec(bits:)`.
public protocol Calibrator: Sendable {
    var statistics: CalibrationStatistics { get set }
    /// Parameters for `spec` from everything observed so far.
    func params(_ spec: QuantSpec) -> QuantParams
}

extension Calibrator {
    public mutating func observe(_ x: Tensor) {
        statistics.observe(x)
    }

    public var observedMinimum: Float { statistics.observedMinimum }

    /// Unsigned when everything observed is ≥ 0, else signed (affine by default).
    public func activationSpec(bits: Int, signedAffine: Bool = true) -> QuantSpec {
        statistics.activationSpec(bits: bits, signedAffine: signedAffine)
    }
}
