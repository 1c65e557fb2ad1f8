/// Mean over the spatial positions: [N, H, W, C] → [N, C].
public enum GlobalAvgPool {
    public static func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "global average pool needs NHWC, got \(x.shape)")
        let n = x.shape[0], plane = x.shape[1] * x.shape[2], c = x.shape[3]
        var y = Tensor(zeros: [n, c])
        let inv = 1 / Float(Swift.max(1, plane))
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for b in 0..<n {
                    let out = py.baseAddress! + b * c
                    for p in 0..<plane {
                        let s = px.baseAddress! + (b * plane + p) * c
                        for ch in 0..<c { out[ch] += s[ch] }
                    }
                    for ch in 0..<c { out[ch] *= inv }
                }
            }
        }
        return y
    }

    public static func backward(_ gradOutput: Tensor, inputShape: [Int]) -> Tensor {
        let n = inputShape[0], plane = inputShape[1] * inputShape[2], c = inputShape[3]
        precondition(gradOutput.shape == [n, c], "global average pool backward: \(gradOutput.shape) vs [\(n), \(c)]")
        var dx = Tensor(zeros: inputShape)
        let inv = 1 / Float(Swift.max(1, plane))
        gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for b in 0..<n {
                    let g = pg.baseAddress! + b * c
                    for p in 0..<plane {
                        let d = pd.baseAddress! + (b * plane + p) * c
                        for ch in 0..<c { d[ch] = g[ch] * inv }
                    }
                }
            }
        }
        return dx
    }
}
