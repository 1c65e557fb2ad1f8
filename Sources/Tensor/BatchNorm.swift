/// Batch normalization over the channel axis, the last one: [N, H, W, C] or [N, C].
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
        let (rows, c) = dims(x, gamma)
        precondition(rows > 1, "batch norm in training needs more than one value per channel, got shape \(x.shape)")
        var sum = [Double](repeating: 0, count: c)
        var sumSquares = [Double](repeating: 0, count: c)
        x.withUnsafeBufferPointer { px in
            sum.withUnsafeMutableBufferPointer { s in
                sumSquares.withUnsafeMutableBufferPointer { ss in
                    for r in 0..<rows {
                        let row = px.baseAddress! + r * c
                        for ch in 0..<c {
                            let v = Double(row[ch])
                            s[ch] += v
                            ss[ch] += v * v
                        }
                    }
                }
            }
        }
        let m = Double(rows)
        let mean = sum.map { Float($0 / m) }
        let variance = (0..<c).map { ch in Float(max(0, sumSquares[ch] / m - (sum[ch] / m) * (sum[ch] / m))) }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var normalized = Tensor(zeros: x.shape)
        var y = Tensor(zeros: x.shape)
        x.withUnsafeBufferPointer { px in
            gamma.withUnsafeBufferPointer { pg in
                beta.withUnsafeBufferPointer { pb in
                    normalized.withUnsafeMutableBufferPointer { pn in
                        y.withUnsafeMutableBufferPointer { py in
                            mean.withUnsafeBufferPointer { mu in
                                invStd.withUnsafeBufferPointer { inv in
                                    for r in 0..<rows {
                                        let base = r * c
                                        for ch in 0..<c {
                                            let xh = (px[base + ch] - mu[ch]) * inv[ch]
                                            pn[base + ch] = xh
                                            py[base + ch] = xh * pg[ch] + pb[ch]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let unbiased = variance.map { $0 * Float(rows) / Float(rows - 1) }
        return (y, Saved(normalized: normalized, invStd: invStd, mean: mean, unbiasedVariance: unbiased))
    }

    /// Inference mode: normalise with running statistics.
    public static func inferenceForward(_ x: Tensor, gamma: Tensor, beta: Tensor,
                                        runningMean: Tensor, runningVariance: Tensor, epsilon: Float) -> Tensor {
        let (rows, c) = dims(x, gamma)
        var scale = [Float](repeating: 0, count: c)
        var shift = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            scale[ch] = gamma[flat: ch] / (runningVariance[flat: ch] + epsilon).squareRoot()
            shift[ch] = beta[flat: ch] - runningMean[flat: ch] * scale[ch]
        }
        var y = x
        y.withUnsafeMutableBufferPointer { py in
            scale.withUnsafeBufferPointer { s in
                shift.withUnsafeBufferPointer { t in
                    for r in 0..<rows {
                        let base = r * c
                        for ch in 0..<c { py[base + ch] = py[base + ch] * s[ch] + t[ch] }
                    }
                }
            }
        }
        return y
    }

    /// Gradients of the training-mode forward pass.
    public static func backward(_ gradOutput: Tensor, saved: Saved, gamma: Tensor) -> (input: Tensor, gamma: Tensor, beta: Tensor) {
        let (rows, c) = dims(gradOutput, gamma)
        let m = Float(rows)
        var sumGrad = [Double](repeating: 0, count: c)
        var sumGradX = [Double](repeating: 0, count: c)
        gradOutput.withUnsafeBufferPointer { pg in
            saved.normalized.withUnsafeBufferPointer { pn in
                sumGrad.withUnsafeMutableBufferPointer { sg in
                    sumGradX.withUnsafeMutableBufferPointer { sgx in
                        for r in 0..<rows {
                            let base = r * c
                            for ch in 0..<c {
                                sg[ch] += Double(pg[base + ch])
                                sgx[ch] += Double(pg[base + ch] * pn[base + ch])
                            }
                        }
                    }
                }
            }
        }
        let dBeta = sumGrad.map { Float($0) }
        let dGamma = sumGradX.map { Float($0) }
        // dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ(dy·x̂))
        let k = (0..<c).map { gamma[flat: $0] * saved.invStd[$0] / m }
        var dx = Tensor(zeros: gradOutput.shape)
        gradOutput.withUnsafeBufferPointer { pg in
            saved.normalized.withUnsafeBufferPointer { pn in
                dx.withUnsafeMutableBufferPointer { pd in
                    k.withUnsafeBufferPointer { pk in
                        dBeta.withUnsafeBufferPointer { sb in
                            dGamma.withUnsafeBufferPointer { sg in
                                for r in 0..<rows {
                                    let base = r * c
                                    for ch in 0..<c {
                                        pd[base + ch] = pk[ch] * (m * pg[base + ch] - sb[ch] - pn[base + ch] * sg[ch])
                                    }
                                }
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

    /// Rows (every position of every sample) and channels (the last axis).
    private static func dims(_ x: Tensor, _ gamma: Tensor) -> (rows: Int, channels: Int) {
        precondition(x.rank >= 2 && x.shape[x.rank - 1] == gamma.count,
                     "batch norm: input \(x.shape) has not \(gamma.count) channels on its last axis")
        let c = gamma.count
        return (c == 0 ? 0 : x.count / c, c)
    }
}
