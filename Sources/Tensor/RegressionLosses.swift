/// Mean squared error, mean over all elements: L = Σ (p - t)² / count.
public enum MSELoss {
    /// The loss and its gradient with respect to `prediction`.
    public static func lossAndGradient(prediction p: Tensor, target t: Tensor) -> (loss: Float, gradient: Tensor) {
        precondition(p.shape == t.shape, "mse: prediction \(p.shape) ≠ target \(t.shape)")
        precondition(p.count > 0, "mse: empty tensors")
        var grad = p
        var sum: Double = 0
        let scale = 2 / Float(p.count)
        t.withUnsafeBufferPointer { pt in
            grad.withUnsafeMutableBufferPointer { pg in
                for i in 0..<pg.count {
                    let d = pg[i] - pt[i]
                    sum += Double(d) * Double(d)
                    pg[i] = scale * d
                }
            }
        }
        return (Float(sum / Double(p.count)), grad)
    }
}

/// Mean absolute error, mean over all elements: L = Σ |p - t| / count. The
/// gradient at p == t is 0, as in PyTorch.
public enum L1Loss {
    public static func lossAndGradient(prediction p: Tensor, target t: Tensor) -> (loss: Float, gradient: Tensor) {
        precondition(p.shape == t.shape, "l1: prediction \(p.shape) ≠ target \(t.shape)")
        precondition(p.count > 0, "l1: empty tensors")
        var grad = p
        var sum: Double = 0
        let scale = 1 / Float(p.count)
        t.withUnsafeBufferPointer { pt in
            grad.withUnsafeMutableBufferPointer { pg in
                for i in 0..<pg.count {
                    let d = pg[i] - pt[i]
                    sum += Double(abs(d))
                    pg[i] = d > 0 ? scale : (d < 0 ? -scale : 0)
                }
            }
        }
        return (Float(sum / Double(p.count)), grad)
    }
}
