/// max(x, 0).
public enum ReLU {
    public static func forward(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] < 0 { p[i] = 0 }
        }
        return y
    }

    /// Uses the forward output: dx = dy where y > 0.
    public static func backward(_ gradOutput: Tensor, output y: Tensor) -> Tensor {
        precondition(gradOutput.shape == y.shape, "relu backward: \(gradOutput.shape) vs \(y.shape)")
        var dx = gradOutput
        y.withUnsafeBufferPointer { py in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where py[i] <= 0 { pd[i] = 0 }
            }
        }
        return dx
    }
}
