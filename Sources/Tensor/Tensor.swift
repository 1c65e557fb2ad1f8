import Foundation

/// A dense Float32 tensor in row-major (NCHW for images) order.
///
/// A value type: storage is a Swift array, so copies are cheap until one of
/// them is written (copy-on-write). Hot loops reach the storage through
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    public init(repeating value: Float, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A scalar tensor of shape [].
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// Same scalars, new shape with the same element count. One dimension may be -1.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var dims = newShape
        if let hole = dims.firstIndex(of: -1) {
            let known = dims.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            dims[hole] = count / known
        }
        return Tensor(shape: dims, scalars: scalars)
    }

    public subscript(flat index: Int) -> Float {
        get { scalars[index] }
        set { scalars[index] = newValue }
    }

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor(\(shape): [\(preview)\(count > 8 ? ", …" : "")])"
    }
}
