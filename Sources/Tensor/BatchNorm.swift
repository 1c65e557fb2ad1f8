/// Batch normalization over the channel axis of [N, C, ...] tensors.
public enum BatchNorm {
    /// What the training forward pass keeps for the backward pass.
    public struct Saved: Sendable {
        public var normalized: Tensor   // x̂
        public var invStd: [Float]      // 1 / sqrt(var + eps), per channel
        public var mean: [Float]
        /// Unbiased batch variance, for the running estimate (as PyTorch does).
        public var unbiasedVariance: [Float]
    }

    /// Training mode: normalise with the batch's own statistics.
    public static func trainingForward(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Saved) {
        let (n, c, plane) = dims(x, gamma)
        let m = n * plane
        precondition(m > 1, "batch norm in training needs more than one value per channel, got shape \(x.shape)")
        var mean = [Float](repeating: 0, count: c)
        var variance = [Float](repeating: 0, count: c)
        x.withUnsafeBufferPointer { px in
            for ch in 0..<c {
                var s: Double = 0, ss: Double = 0
                for b in 0..<n {
                    let base = (b * c + ch) * plane
                    for i in 0..<plane {
                        let v = Double(px[base + i])
                        s += v
                        ss += v * v
                    }
                }
                let mu = s / Double(m)
                mean[ch] = Float(mu)
                variance[ch] = Float(max(0, ss / Double(m) - mu * mu))
            }
        }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var normalized = Tensor(zeros: x.shape)
        var y = Tensor(zeros: x.shape)
        x.withUnsafeBufferPointer { px in
            gamma.withUnsafeBufferPointer { pg in
                beta.withUnsafeBufferPointer { pb in
                    normalized.withUnsafeMutableBufferPointer { pn in
                        y.withUnsafeMutableBufferPointer { py in
                            for b in 0..<n {
                                for ch in 0..<c {
                                    let base = (b * c + ch) * plane
                                    let mu = mean[ch], inv = invStd[ch], g = pg[ch], bt = pb[ch]
                                    for i in 0..<plane {
                                        let xh = (px[base + i] - mu) * inv
                                        pn[base + i] = xh
                                        py[base + i] = xh * g + bt
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let unbiased = variance.map { $0 * Float(m) / Float(m - 1) }
        return (y, Saved(normalized: normalized, invStd: invStd, mean: mean, unbiasedVariance: unbiased))
    }

    /// Inference mode: normalise with running statistics.
    public static func inferenceForward(_ x: Tensor, gamma: Tensor, beta: Tensor,
                                        runningMean: Tensor, runningVariance: Tensor, epsilon: Float) -> Tensor {
        let (n, c, plane) = dims(x, gamma)
        var scale = [Float](repeating: 0, count: c)
        var shift = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            scale[ch] = gamma[flat: ch] / (runningVariance[flat: ch] + epsilon).squareRoot()
            shift[ch] = beta[flat: ch] - runningMean[flat: ch] * scale[ch]
        }
        var y = x
        y.withUnsafeMutableBufferPointer { py in
            for b in 0..<n {
                for ch in 0..<c {
                    let base = (b * c + ch) * plane
                    let s = scale[ch], t = shift[ch]
                    for i in 0..<plane { py[base + i] = py[base + i] * s + t }
                }
            }
        }
        return y
    }

    /// Gradients of the training-mode forward pass.
    public static func backward(_ gradOutput: Tensor, saved: Saved, gamma: Tensor) -> (input: Tensor, gamma: Tensor, beta: Tensor) {
        let (n, c, plane) = dims(gradOutput, gamma)
        let m = Float(n * plane)
        var dGamma = [Float](repeating: 0, count: c)
        var dBeta = [Float](repeating: 0, count: c)
        gradOutput.withUnsafeBufferPointer { pg in
            saved.normalized.withUnsafeBufferPointer { pn in
                for ch in 0..<c {
                    var sg: Double = 0, sgx: Double = 0
                    for b in 0..<n {
                        let base = (b * c + ch) * plane
                        for i in 0..<plane {
                            sg += Double(pg[base + i])
                            sgx += Double(pg[base + i] * pn[base + i])
                        }
                    }
                    dBeta[ch] = Float(sg)
                    dGamma[ch] = Float(sgx)
                }
            }
        }
        var dx = Tensor(zeros: gradOutput.shape)
        gradOutput.withUnsafeBufferPointer { pg in
            saved.normalized.withUnsafeBufferPointer { pn in
                dx.withUnsafeMutableBufferPointer { pd in
                    for b in 0..<n {
                        for ch in 0..<c {
                            let base = (b * c + ch) * plane
                            // dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ(dy·x̂))
                            let k = gamma[flat: ch] * saved.invStd[ch] / m
                            let sb = dBeta[ch], sg = dGamma[ch]
                            for i in 0..<plane {
                                pd[base + i] = k * (m * pg[base + i] - sb - pn[base + i] * sg)
                            }
                        }
                    }
                }
            }
        }
        return (dx, Tensor(shape: [c], scalars: dGamma), Tensor(shape: [c], scalars: dBeta))
    }

    /// Folds inference-mode batch norm into the preceding layer's weight
    /// (output channels on axis 0) and bias, as deployments do.
    public static func fold(weight: Tensor, bias: Tensor?, gamma: Tensor, beta: Tensor,
                            runningMean: Tensor, runningVariance: Tensor, epsilon: Float) -> (weight: Tensor, bias: Tensor) {
        let c = weight.shape[0]
        precondition(gamma.count == c, "batch-norm fold: \(gamma.count) channels for weight \(weight.shape)")
        let per = weight.count / c
        var w = weight
        var b = [Float](repeating: 0, count: c)
        w.withUnsafeMutableBufferPointer { pw in
            for ch in 0..<c {
                let s = gamma[flat: ch] / (runningVariance[flat: ch] + epsilon).squareRoot()
                for i in 0..<per { pw[ch * per + i] *= s }
                b[ch] = ((bias?[flat: ch] ?? 0) - runningMean[flat: ch]) * s + beta[flat: ch]
            }
        }
        return (w, Tensor(shape: [c], scalars: b))
    }

    private static func dims(_ x: Tensor, _ gamma: Tensor) -> (Int, Int, Int) {
        precondition(x.rank >= 2 && x.shape[1] == gamma.count,
                     "batch norm: input \(x.shape) has not \(gamma.count) channels on axis 1")
        let n = x.shape[0], c = x.shape[1]
        return (n, c, x.count / max(1, n * c))
    }
}
