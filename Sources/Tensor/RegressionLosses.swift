import Foundation
import CKernels

/// Mean squared error, mean over all elements: L = Σ (p - t)² / count.
public enum MSELoss {
    /// The loss and its gradient with respect to `prediction`.
    public static func lossAndGradient(prediction p: Tensor, target t: Tensor) -> (loss: Float, gradient: Tensor) {
        precondition(p.shape == t.shape, "mse: prediction \(p.shape) ≠ target \(t.shape)")
        precondition(p.count > 0, "mse: empty tensors")
        var sum: Double = 0
        let scale = 2 / Float(p.count)
        let grad = p.withUnsafeBufferPointer { pp in
            t.withUnsafeBufferPointer { pt in
                Tensor(shape: p.shape) { pg in sum = ck_mse(pp.baseAddress, pt.baseAddress, pg.baseAddress, pg.count, scale) }
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
        var sum: Double = 0
        let scale = 1 / Float(p.count)
        let grad = p.withUnsafeBufferPointer { pp in
            t.withUnsafeBufferPointer { pt in
                Tensor(shape: p.shape) { pg in sum = ck_l1(pp.baseAddress, pt.baseAddress, pg.baseAddress, pg.count, scale) }
            }
        }
        return (Float(sum / Double(p.count)), grad)
    }
}

/// Mean squared error of BT.601 luma between two RGB batches [N, H, W, 3]
/// (values in [0, 1]), over the pixels at least `border` from the edge:
/// L = Σ (Y(p) − Y(t))² / count with Y = (65.481 R + 128.553 G + 24.966 B) / 255
/// (the offset 16/255 cancels). The super-resolution metric, PSNR on Y with a
/// border crop, is a function of exactly this quantity.
public enum LumaMSELoss {
    public static let coefficients: [Float] = [65.481 / 255, 128.553 / 255, 24.966 / 255]

    public static func lossAndGradient(prediction p: Tensor, target t: Tensor, border: Int = 0) -> (loss: Float, gradient: Tensor) {
        let pass = squaredErrors(prediction: p, target: t, border: border, name: "luma mse") { _, pixels, samples in
            2 / Float(pixels * samples)
        }
        return (Float(pass.total / Double(pass.pixels * p.shape[0])), pass.gradient)
    }

    /// One pass for both luma losses: Σ ΔY² inside the border per sample (and
    /// over the batch, in pixel order), and the gradient scale(b)·ΔY·k_c per
    /// element (zero in the border), scale(b) given the sample's sum.
    static func squaredErrors(prediction p: Tensor, target t: Tensor, border: Int, name: String,
                              gradientScale: (_ sum: Double, _ pixels: Int, _ samples: Int) -> Float)
        -> (perSample: [Double], total: Double, pixels: Int, gradient: Tensor) {
        precondition(p.shape == t.shape, "\(name): prediction \(p.shape) ≠ target \(t.shape)")
        precondition(p.shape.count == 4 && p.shape[3] == 3, "\(name): needs RGB [N, H, W, 3], got \(p.shape)")
        let n = p.shape[0], h = p.shape[1], w = p.shape[2]
        precondition(border >= 0 && h > 2 * border && w > 2 * border, "\(name): border \(border) leaves no pixels of \(h)×\(w)")
        let pixels = (h - 2 * border) * (w - 2 * border)
        let k = coefficients
        var grad = Tensor(zeros: p.shape)
        var perSample = [Double](repeating: 0, count: n)
        var total: Double = 0
        p.withUnsafeBufferPointer { pp in
            t.withUnsafeBufferPointer { pt in
                grad.withUnsafeMutableBufferPointer { pg in
                    @inline(__always) func delta(_ i: Int) -> Float {
                        k[0] * (pp[i] - pt[i]) + k[1] * (pp[i + 1] - pt[i + 1]) + k[2] * (pp[i + 2] - pt[i + 2])
                    }
                    for b in 0..<n {
                        var sum: Double = 0
                        for y in border..<(h - border) {
                            for x in border..<(w - border) {
                                let d = delta(((b * h + y) * w + x) * 3)
                                sum += Double(d) * Double(d)
                                total += Double(d) * Double(d)
                            }
                        }
                        perSample[b] = sum
                        let scale = gradientScale(sum, pixels, n)
                        for y in border..<(h - border) {
                            for x in border..<(w - border) {
                                let i = ((b * h + y) * w + x) * 3
                                let d = delta(i)
                                pg[i] = scale * d * k[0]
                                pg[i + 1] = scale * d * k[1]
                                pg[i + 2] = scale * d * k[2]
                            }
                        }
                    }
                }
            }
        }
        return (perSample, total, pixels, grad)
    }
}

/// −(mean PSNR on luma) over the samples of a batch, peak 1:
/// L = (1/N) Σ_b 10·log10(MSE_b + ε), MSE_b the luma MSE of sample b inside
/// the border. Mean PSNR over images, the SR test metric, weighs each image's
/// relative error alike; a pooled MSE weighs the high-error (textured) ones
/// most. ε = 1e-10 keeps an exact match finite (100 dB).
public enum LumaPSNRLoss {
    public static let epsilon: Double = 1e-10

    public static func lossAndGradient(prediction p: Tensor, target t: Tensor, border: Int = 0) -> (loss: Float, gradient: Tensor) {
        // d/dp of (1/N)·10·log10(Σ/pixels + ε) = (1/N)·10/(ln 10·m)·(2/pixels)·ΔY·k_c, m = MSE_b + ε.
        let pass = LumaMSELoss.squaredErrors(prediction: p, target: t, border: border, name: "luma psnr") { sum, pixels, samples in
            let m = sum / Double(pixels) + epsilon
            return Float(10 / (log(10) * m) * 2 / Double(pixels) / Double(samples))
        }
        let total = pass.perSample.reduce(0) { $0 + 10 * log10($1 / Double(pass.pixels) + epsilon) }
        return (Float(total / Double(max(1, p.shape[0]))), pass.gradient)
    }
}
