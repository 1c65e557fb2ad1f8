extension Tensor {
    /// Normal samples with the given standard deviation.
    public static func randomNormal(_ shape: [Int], std: Float = 1, generator: inout SeededGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n { values[i] = generator.nextNormal() * std }
        return Tensor(shape: shape, scalars: values)
    }

    /// Uniform samples in [low, high).
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     generator: inout SeededGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n { values[i] = low + (high - low) * generator.nextUnit() }
        return Tensor(shape: shape, scalars: values)
    }
}
