import Tensor

/// Learned Step Size Quantization (Esser et al., ICLR 2020).
///
/// v̂ = round(clip(v/s, −Q_N, Q_P)) · s with learned step s. Gradients (paper eq. 3):
/// ∂v̂/∂s = −v/s + round(v/s) inside (−Q_N, Q_P), −Q_N below, Q_P above,
/// multiplied by the gradient scale g = 1/√(N·Q_P); ∂v̂/∂v = 1 inside, 0 outside.
/// Q_N = −qmin and Q_P = qmax of the spec, which must be symmetric (no zero
/// point). `weights(bits:)` uses the paper's signed grid [−2^(b−1), 2^(b−1)−1];
/// pass a narrow-range spec to share the PTQ weights' grid. N is the number of
/// values one step size covers for weights (per channel: per channel) and the
/// number of features per example (count / batch) for activations, as in the paper.
public struct LSQQuantizer: LearnableQuantizer {
    public enum Role: String, Sendable, Hashable, Codable {
        case weights
        case activations
    }

    public let spec: QuantSpec
    public let role: Role
    public var stepSizes: [Float]

    public var parameters: [Float] {
        get { stepSizes }
        set {
            precondition(newValue.count == stepSizes.count, "LSQ: \(newValue.count) step sizes for \(stepSizes.count)")
            stepSizes = newValue.map { Swift.max($0, QuantParams.minimumScale) }
        }
    }

    public init(spec: QuantSpec, role: Role, stepSizes: [Float]) {
        precondition(spec.isSymmetric, "LSQ quantizes without a zero point: use a symmetric spec")
        precondition(!stepSizes.isEmpty && stepSizes.allSatisfy { $0 > 0 }, "LSQ step sizes must be positive")
        self.spec = spec
        self.role = role
        self.stepSizes = stepSizes
    }

    /// Paper's initialisation s = 2·mean|v| / √Q_P from a tensor (the initial
    /// weights, or a calibration batch of activations), per channel when the spec is.
    public init(spec: QuantSpec, role: Role, initializingFrom v: Tensor) {
        let (outer, channels, inner) = spec.granularity.layout(for: v.shape)
        var sums = [Double](repeating: 0, count: channels)
        v.withUnsafeBufferPointer { p in
            for o in 0..<outer {
                for c in 0..<channels {
                    let base = (o * channels + c) * inner
                    var s: Double = 0
                    for i in 0..<inner { s += Double(abs(p[base + i])) }
                    sums[c] += s
                }
            }
        }
        let qp = Double(spec.qmax)
        let steps = sums.map { s -> Float in
            let meanAbs = s / Double(Swift.max(1, outer * inner))
            return Swift.max(Float(2 * meanAbs / qp.squareRoot()), QuantParams.minimumScale)
        }
        self.init(spec: spec, role: role, stepSizes: steps)
    }

    /// Signed weights on the paper's grid [−2^(b−1), 2^(b−1) − 1].
    public static func weights(bits: Int, perChannel: Bool = false, initializingFrom w: Tensor) -> LSQQuantizer {
        LSQQuantizer(spec: QuantSpec(bits: bits, signed: true, symmetric: true, narrowRange: false,
                                     granularity: perChannel ? .perChannel(axis: 0) : .perTensor),
                     role: .weights, initializingFrom: w)
    }

    /// Activations per tensor: unsigned [0, 2^b − 1] when the sample is ≥ 0,
    /// else the paper's signed grid.
    public static func activations(bits: Int, initializingFrom sample: Tensor) -> LSQQuantizer {
        let unsigned = sample.scalars.allSatisfy { $0 >= 0 }
        return LSQQuantizer(spec: QuantSpec(bits: bits, signed: !unsigned, symmetric: true, narrowRange: false),
                            role: .activations, initializingFrom: sample)
    }

    /// The equivalent fixed fake-quant parameters (for export and evaluation).
    public var quantParams: QuantParams {
        QuantParams(spec: spec, scales: stepSizes, zeroPoints: [Int](repeating: 0, count: stepSizes.count))
    }

    /// g = 1/√(N·Q_P) for an input of `shape`.
    public func gradientScale(for shape: [Int]) -> Float {
        let n: Int
        switch role {
        case .weights: n = shape.reduce(1, *) / stepSizes.count
        case .activations: n = shape.count > 1 ? shape.dropFirst().reduce(1, *) : shape.reduce(1, *)
        }
        return 1 / (Float(Swift.max(1, n)) * Float(spec.qmax)).squareRoot()
    }

    public func forward(_ x: Tensor) -> Tensor {
        FakeQuant.forward(x, quantParams)
    }

    public func backward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == x.count, "LSQ backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        let params = quantParams
        var dx = Tensor(zeros: x.shape)
        var ds = [Double](repeating: 0, count: stepSizes.count)
        guard x.count > 0 else { return QuantizerGradients(input: dx, parameters: ds.map { Float($0) }) }
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    let src = px.baseAddress!, g = pg.baseAddress!, dst = pd.baseAddress!
                    var channel = 0
                    FakeQuant.forEachRun(shape: x.shape, params) { offset, count, grid in
                        var start = offset
                        let end = offset + count
                        var total: Double = 0
                        while start < end {
                            let stop = Swift.min(start + FakeQuant.blockSize, end)
                            var lanes = QuantGrid.Vector()
                            var i = start
                            let lo = QuantGrid.Vector(repeating: grid.low), hi = QuantGrid.Vector(repeating: grid.high)
                            while i + 8 <= stop {
                                let a = QuantGrid.load(src + i) * grid.inverseScale
                                let gv = QuantGrid.load(g + i)
                                let below = a .<= lo, above = a .>= hi
                                let magic = QuantGrid.Vector(repeating: 12_582_912)
                                let term = ((a + magic) - magic - a).replacing(with: lo, where: below).replacing(with: hi, where: above)
                                lanes += gv * term
                                QuantGrid.store(gv.replacing(with: 0, where: below .| above), dst + i)
                                i += 8
                            }
                            var acc = lanes.sum()
                            for i in i..<stop {
                                let a = src[i] * grid.inverseScale
                                let gi = g[i]
                                if a <= grid.low {
                                    acc += gi * grid.low
                                    dst[i] = 0
                                } else if a >= grid.high {
                                    acc += gi * grid.high
                                    dst[i] = 0
                                } else {
                                    acc += gi * (QuantGrid.roundHalfEven(a) - a)
                                    dst[i] = gi
                                }
                            }
                            total += Double(acc)
                            start = stop
                        }
                        ds[channel % ds.count] += total
                        channel += 1
                    }
                }
            }
        }
        let scale = Double(gradientScale(for: x.shape))
        return QuantizerGradients(input: dx, parameters: ds.map { Float($0 * scale) })
    }
}
