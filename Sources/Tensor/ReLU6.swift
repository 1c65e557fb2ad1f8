/// y = min(max(x, 0), 6), element-wise.
public enum ReLU6 {
    public static func forward(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(Swift.max(p[i], 0), 6) }
        }
        return y
    }

    /// Saved state: the forward input. The gradient passes where 0 < x < 6
    /// (zero at the kinks themselves, as in PyTorch).
    public static func backward(_ gradOutput: Tensor, input x: Tensor) -> Tensor {
        precondition(gradOutput.shape == x.shape, "relu6 backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        var dx = gradOutput
        x.withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where !(px[i] > 0 && px[i] < 6) { pd[i] = 0 }
            }
        }
        return dx
    }
}
