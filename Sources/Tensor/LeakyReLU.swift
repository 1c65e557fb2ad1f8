import CKernels

/// y = x for x > 0, slope · x otherwise, element-wise.
public enum LeakyReLU {
    public static func forward(_ x: Tensor, slope: Float = 0.01) -> Tensor {
        x.withUnsafeBufferPointer { px in
            Tensor(shape: x.shape) { y in ck_leaky_relu(px.baseAddress, y.baseAddress, px.count, slope) }
        }
    }

    /// Saved state: the forward input.
    public static func backward(_ gradOutput: Tensor, input x: Tensor, slope: Float = 0.01) -> Tensor {
        precondition(gradOutput.shape == x.shape, "leaky relu backward: gradient \(gradOutput.shape) ≠ input \(x.shape)")
        return gradOutput.withUnsafeBufferPointer { pg in
            x.withUnsafeBufferPointer { px in
                Tensor(shape: x.shape) { dx in
                    ck_leaky_relu_backward(pg.baseAddress, px.baseAddress, dx.baseAddress, px.count, slope)
                }
            }
        }
    }
}
