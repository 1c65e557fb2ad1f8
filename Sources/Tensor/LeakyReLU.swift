/// y = x for x > 0, slope · x otherwise, element-wise.
public enum LeakyReLU {
    public static func forward(_ x: Tensor, slope: Float = 0.01) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] <= 0 { p[i] *= slope }
        }
        return y
    }

    /// Saved state: the forward input.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, slope: Float = 0.01) -> Tensor {
        precondition(gradOutput.shape == x.shape, "leaky relu backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        var dx = gradOutput
        x.withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where px[i] <= 0 { pd[i] *= slope }
            }
        }
        return dx
    }
}
