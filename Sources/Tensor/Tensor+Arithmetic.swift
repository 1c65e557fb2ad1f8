import CKernels

// The loops run in `CKernels` (vectorised for the CPU at hand); their plain
// Swift forms are in `ElementwiseReference`.
extension Tensor {
    /// self += alpha * other (shapes must hold the same number of scalars).
    public mutating func addScaled(_ other: Tensor, alpha: Float = 1) {
        precondition(count == other.count, "addScaled: \(shape) vs \(other.shape)")
        other.withUnsafeBufferPointer { src in
            withUnsafeMutableBufferPointer { dst in ck_add_scaled(dst.baseAddress, src.baseAddress, dst.count, alpha) }
        }
    }

    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { dst in ck_scale(dst.baseAddress, dst.baseAddress, dst.count, factor) }
    }

    /// lhs + alpha · rhs into a new tensor, in one pass.
    private static func addingScaled(_ lhs: Tensor, _ rhs: Tensor, alpha: Float) -> Tensor {
        lhs.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in
                Tensor(shape: lhs.shape) { y in ck_add_scaled_into(a.baseAddress, b.baseAddress, y.baseAddress, y.count, alpha) }
            }
        }
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        precondition(lhs.shape == rhs.shape, "add: \(lhs.shape) vs \(rhs.shape)")
        return addingScaled(lhs, rhs, alpha: 1)
    }

    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        precondition(lhs.shape == rhs.shape, "subtract: \(lhs.shape) vs \(rhs.shape)")
        return addingScaled(lhs, rhs, alpha: -1)
    }

    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        lhs.withUnsafeBufferPointer { x in
            Tensor(shape: lhs.shape) { y in ck_scale(x.baseAddress, y.baseAddress, y.count, rhs) }
        }
    }

    /// Element-wise map into a new tensor of the same shape.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Sum of the scalars, accumulated in Double.
    public func sum() -> Float {
        Float(withUnsafeBufferPointer { ck_sum($0.baseAddress, $0.count) })
    }

    /// Σ self·other, accumulated in Double.
    public func dot(_ other: Tensor) -> Double {
        precondition(count == other.count, "dot: \(shape) vs \(other.shape)")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in ck_dot(a.baseAddress, b.baseAddress, a.count) }
        }
    }

    public var maxAbs: Float {
        var m: Float = 0
        withUnsafeBufferPointer { for v in $0 { m = Swift.max(m, abs(v)) } }
        return m
    }

    public var isFinite: Bool {
        scalars.allSatisfy { $0.isFinite }
    }
}
