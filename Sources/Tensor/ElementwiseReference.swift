import Foundation

/// The plain Swift forms of the element-wise kernels that run in C
/// (`CKernels`): the definitions the tests hold the vectorised code to.
public enum ElementwiseReference {
    public static func relu(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] < 0 { p[i] = 0 }
        }
        return y
    }

    public static func reluBackward(_ gradOutput: Tensor, output y: Tensor) -> Tensor {
        var dx = gradOutput
        y.withUnsafeBufferPointer { py in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where py[i] <= 0 { pd[i] = 0 }
            }
        }
        return dx
    }

    public static func relu6(_ x: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(Swift.max(p[i], 0), 6) }
        }
        return y
    }

    public static func relu6Backward(_ gradOutput: Tensor, input x: Tensor) -> Tensor {
        var dx = gradOutput
        x.withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where !(px[i] > 0 && px[i] < 6) { pd[i] = 0 }
            }
        }
        return dx
    }

    public static func leakyReLU(_ x: Tensor, slope: Float) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] <= 0 { p[i] *= slope }
        }
        return y
    }

    public static func leakyReLUBackward(_ gradOutput: Tensor, input x: Tensor, slope: Float) -> Tensor {
        var dx = gradOutput
        x.withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count where px[i] <= 0 { pd[i] *= slope }
            }
        }
        return dx
    }

    /// y + alpha · x.
    public static func addScaled(_ y: Tensor, _ x: Tensor, alpha: Float) -> Tensor {
        var out = y
        out.withUnsafeMutableBufferPointer { dst in
            x.withUnsafeBufferPointer { src in
                for i in 0..<dst.count { dst[i] += alpha * src[i] }
            }
        }
        return out
    }

    public static func scaled(_ y: Tensor, by factor: Float) -> Tensor {
        var out = y
        out.withUnsafeMutableBufferPointer { dst in
            for i in 0..<dst.count { dst[i] *= factor }
        }
        return out
    }

    /// Σ a·b with every product summed in Double.
    public static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        var s: Double = 0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count { s += Double(pa[i]) * Double(pb[i]) }
            }
        }
        return s
    }

    public static func sum(_ a: Tensor) -> Double {
        var s: Double = 0
        a.withUnsafeBufferPointer { for v in $0 { s += Double(v) } }
        return s
    }

    /// MSE's sum of squares and gradient scale · (p − t).
    public static func mse(prediction p: Tensor, target t: Tensor, scale: Float) -> (sum: Double, gradient: Tensor) {
        var grad = p
        var sum: Double = 0
        t.withUnsafeBufferPointer { pt in
            grad.withUnsafeMutableBufferPointer { pg in
                for i in 0..<pg.count {
                    let d = pg[i] - pt[i]
                    sum += Double(d) * Double(d)
                    pg[i] = scale * d
                }
            }
        }
        return (sum, grad)
    }

    /// L1's sum of |p − t| and gradient scale · sign(p − t).
    public static func l1(prediction p: Tensor, target t: Tensor, scale: Float) -> (sum: Double, gradient: Tensor) {
        var grad = p
        var sum: Double = 0
        t.withUnsafeBufferPointer { pt in
            grad.withUnsafeMutableBufferPointer { pg in
                for i in 0..<pg.count {
                    let d = pg[i] - pt[i]
                    sum += Double(abs(d))
                    pg[i] = d > 0 ? scale : (d < 0 ? -scale : 0)
                }
            }
        }
        return (sum, grad)
    }
}
