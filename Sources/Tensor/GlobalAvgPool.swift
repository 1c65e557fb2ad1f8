/// Mean over the spatial positions: [N, C, H, W] → [N, C].
public enum GlobalAvgPool {
    public static func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "global average pool needs NCHW, got \(x.shape)")
        let n = x.shape[0], c = x.shape[1], plane = x.shape[2] * x.shape[3]
        var y = Tensor(zeros: [n, c])
        let inv = 1 / Float(plane)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for i in 0..<(n * c) {
                    var s: Float = 0
                    let base = i * plane
                    for j in 0..<plane { s += px[base + j] }
                    py[i] = s * inv
                }
            }
        }
        return y
    }

    public static func backward(_ gradOutput: Tensor, inputShape: [Int]) -> Tensor {
        let n = inputShape[0], c = inputShape[1], plane = inputShape[2] * inputShape[3]
        precondition(gradOutput.shape == [n, c], "global average pool backward: \(gradOutput.shape) vs [\(n), \(c)]")
        var dx = Tensor(zeros: inputShape)
        let inv = 1 / Float(plane)
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<(n * c) {
                    let v = pg[i] * inv
                    let base = i * plane
                    for j in 0..<plane { pd[base + j] = v }
                }
            }
        }
        return dx
    }
}
