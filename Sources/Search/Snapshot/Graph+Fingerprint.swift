import NeuralNet

extension Graph {
    /// SHA-256 over the sorted parameter names, shapes and little-endian Float32
    /// values: identifies the weights a snapshot was made from.
    public var weightsFingerprint: String {
        var hasher = SHA256()
        for name in parameters.keys.sorted() {
            let t = parameters[name]!
            hasher.update(Array(name.utf8))
            hasher.update(t.shape.flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
            t.withUnsafeBufferPointer { p in
                for v in p { hasher.update(withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)) }
            }
        }
        return SHA256.hex(hasher.finalize())
    }
}
