/// Turning a clip magnitude into the (low, high) range of a grid.
enum ClipRange {
    /// Symmetric signed: [−t, t]; unsigned: [0, t]; affine: [−t, t] ∩ [min, max]
    /// (a symmetric threshold applied to each tail, never past the data).
    static func fromMagnitude(_ t: Float, _ h: ValueHistogram, _ spec: QuantSpec) -> (low: Float, high: Float) {
        if !spec.isSigned { return (0, Swift.min(t, Swift.max(h.maximum, 0))) }
        if spec.isSymmetric { return (-t, t) }
        return (Swift.max(-t, Swift.min(h.minimum, 0)), Swift.min(t, Swift.max(h.maximum, 0)))
    }
}
