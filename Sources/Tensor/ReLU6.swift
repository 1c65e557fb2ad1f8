import CKernels

/// y = min(max(x, 0), 6), element-wise.
public enum ReLU6 {
    public static func forward(_ x: Tensor) -> Tensor {
        x.withUnsafeBufferPointer { px in
            Tensor(shape: x.shape) { y in ck_relu6(px.baseAddress, y.baseAddress, px.count) }
        }
    }

    /// Saved state: the forward input. The gradient passes where 0 < x < 6
    /// (zero at the kinks themselves, as in PyTorch).
    public static func backward(_ gradOutput: Tensor, input x: Tensor) -> Tensor {
        precondition(gradOutput.shape == x.shape, "relu6 backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        return gradOutput.withUnsafeBufferPointer { pg in
            x.withUnsafeBufferPointer { px in
                Tensor(shape: x.shape) { dx in ck_relu6_backward(pg.baseAddress, px.baseAddress, dx.baseAddress, px.count) }
            }
        }
    }
}
