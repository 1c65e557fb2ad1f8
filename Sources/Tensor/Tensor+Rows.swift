extension Tensor {
    /// The samples at `indices` along the first (batch) axis, in that order.
    public func rows(_ indices: [Int]) -> Tensor {
        let per = count / Swift.max(1, shape[0])
        var out = [Float](repeating: 0, count: indices.count * per)
        withUnsafeBufferPointer { p in
            for (k, i) in indices.enumerated() {
                precondition(i >= 0 && i < shape[0], "rows: index \(i) outside 0..<\(shape[0])")
                for j in 0..<per { out[k * per + j] = p[i * per + j] }
            }
        }
        return Tensor(shape: [indices.count] + Array(shape.dropFirst()), scalars: out)
    }
}
