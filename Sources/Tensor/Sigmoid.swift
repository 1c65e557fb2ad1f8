import Foundation

/// y = 1 / (1 + e^(-x)), element-wise, without overflow for large |x|.
public enum Sigmoid {
    public static func forward(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let v = p[i]
                if v >= 0 {
                    p[i] = 1 / (1 + expf(-v))
                } else {
                    let e = expf(v)
                    p[i] = e / (1 + e)
                }
            }
        }
        return y
    }

    /// Saved state: the forward output y. dx = dy · y · (1 - y).
    public static func backward(_ gradOutput: Tensor, output y: Tensor) -> Tensor {
        precondition(gradOutput.shape == y.shape, "sigmoid backward: gradient \(gradOutput.shape) ≠ output \(y.shape)")
        var dx = gradOutput
        y.withUnsafeBufferPointer { py in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count { pd[i] *= py[i] * (1 - py[i]) }
            }
        }
        return dx
    }
}
