/// y = x · Wᵀ + b with x [N, in], W [out, in] (PyTorch / ONNX Gemm transB layout).
public enum FullyConnected {
    public struct Gradients: Sendable {
        public var input: Tensor
        public var weight: Tensor
        public var bias: Tensor?
    }

    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1],
                     "fully connected: input \(x.shape) does not match weight \(weight.shape)")
        var y = GEMM.matmul(x, weight, transposeB: true)
        if let bias {
            precondition(bias.count == weight.shape[0], "fully connected: bias \(bias.shape) for \(weight.shape[0]) outputs")
            let n = y.shape[0], m = y.shape[1]
            bias.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { py in
                    for i in 0..<n { for j in 0..<m { py[i * m + j] += pb[j] } }
                }
            }
        }
        return y
    }

    public static func backward(_ gradOutput: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool) -> Gradients {
        let dx = GEMM.matmul(gradOutput, weight)
        let dw = GEMM.matmul(gradOutput, transposeA: true, x)
        var db: Tensor?
        if hasBias {
            let n = gradOutput.shape[0], m = gradOutput.shape[1]
            var sums = [Float](repeating: 0, count: m)
            gradOutput.withUnsafeBufferPointer { pg in
                for i in 0..<n { for j in 0..<m { sums[j] += pg[i * m + j] } }
            }
            db = Tensor(shape: [m], scalars: sums)
        }
        return Gradients(input: dx, weight: dw, bias: db)
    }
}
