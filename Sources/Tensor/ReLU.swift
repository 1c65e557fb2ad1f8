import CKernels

/// max(x, 0).
public enum ReLU {
    public static func forward(_ x: Tensor) -> Tensor {
        x.withUnsafeBufferPointer { px in
            Tensor(shape: x.shape) { y in ck_relu(px.baseAddress, y.baseAddress, px.count) }
        }
    }

    /// Uses the forward output: dx = dy where y > 0.
    public static func backward(_ gradOutput: Tensor, output y: Tensor) -> Tensor {
        precondition(gradOutput.shape == y.shape, "relu backward: \(gradOutput.shape) vs \(y.shape)")
        return gradOutput.withUnsafeBufferPointer { pg in
            y.withUnsafeBufferPointer { py in
                Tensor(shape: y.shape) { dx in ck_relu_backward(pg.baseAddress, py.baseAddress, dx.baseAddress, py.count) }
            }
        }
    }
}
