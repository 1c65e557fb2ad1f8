extension Tensor {
    /// self += alpha * other (shapes must hold the same number of scalars).
    public mutating func addScaled(_ other: Tensor, alpha: Float = 1) {
        precondition(count == other.count, "addScaled: \(shape) vs \(other.shape)")
        other.withUnsafeBufferPointer { src in
            withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] += alpha * src[i] }
            }
        }
    }

    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { dst in
            for i in 0..<dst.count { dst[i] *= factor }
        }
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        precondition(lhs.shape == rhs.shape, "add: \(lhs.shape) vs \(rhs.shape)")
        var out = lhs
        out.addScaled(rhs)
        return out
    }

    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        precondition(lhs.shape == rhs.shape, "subtract: \(lhs.shape) vs \(rhs.shape)")
        var out = lhs
        out.addScaled(rhs, alpha: -1)
        return out
    }

    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        var out = lhs
        out.scale(by: rhs)
        return out
    }

    /// Element-wise map into a new tensor of the same shape.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    public func sum() -> Float {
        var s: Double = 0
        withUnsafeBufferPointer { for v in $0 { s += Double(v) } }
        return Float(s)
    }

    public func dot(_ other: Tensor) -> Double {
        precondition(count == other.count, "dot: \(shape) vs \(other.shape)")
        var s: Double = 0
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for i in 0..<a.count { s += Double(a[i]) * Double(b[i]) }
            }
        }
        return s
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
