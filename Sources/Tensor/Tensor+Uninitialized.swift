extension Tensor {
    /// A tensor whose every scalar `body` writes. Skips the zero fill of
    /// `init(zeros:)`, a whole extra pass over memory for kernels that
    /// overwrite their output anyway.
    public init(shape: [Int], unsafeUninitialized body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        let n = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            body(buffer)
            initialized = n
        })
    }
}
