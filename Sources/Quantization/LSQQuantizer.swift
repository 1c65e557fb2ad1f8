import Tensor
import CKernels

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

    public var fakeQuantParams: QuantParams? { quantParams }

    public func backward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == x.count, "LSQ backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        var ds = [Double](repeating: 0, count: stepSizes.count)
        let dx = Tensor(shape: x.shape) { pd in
            run(gradOutput, x, dx: pd.baseAddress, accumulate: false, weight: 1, steps: &ds, inner: nil)
        }
        let scale = Double(gradientScale(for: x.shape))
        return QuantizerGradients(input: dx, parameters: ds.map { Float($0 * scale) })
    }

    public func weightedBackward(_ gradOutput: Tensor, input x: Tensor, weight: Float,
                                 into dx: inout Tensor?) -> (parameters: [Float], inner: Double) {
        precondition(gradOutput.count == x.count && (dx?.count ?? x.count) == x.count,
                     "LSQ backward: gradient \(gradOutput.shape), input \(x.shape), result \(dx?.shape ?? []) differ")
        var ds = [Double](repeating: 0, count: stepSizes.count)
        var inner: Double = 0
        if dx != nil {
            dx!.withUnsafeMutableBufferPointer { pd in
                run(gradOutput, x, dx: pd.baseAddress, accumulate: true, weight: weight, steps: &ds, inner: &inner)
            }
        } else {
            run(gradOutput, x, dx: nil, accumulate: true, weight: weight, steps: &ds, inner: &inner)
        }
        let scale = Double(gradientScale(for: x.shape)) * Double(weight)
        return (ds.map { Float($0 * scale) }, inner)
    }

    /// One pass of `ck_lsq_backward`: the STE share into dx, Σ g·∂v̂/∂s per
    /// step size (before the gradient scale) and ⟨g, Q(x)⟩.
    private func run(_ g: Tensor, _ x: Tensor, dx: UnsafeMutablePointer<Float>?, accumulate: Bool, weight: Float,
                     steps: inout [Double], inner: UnsafeMutablePointer<Double>?) {
        let runs = FakeQuant.Runs(shape: x.shape, quantParams)
        x.withUnsafeBufferPointer { px in
            g.withUnsafeBufferPointer { pg in
                runs.grids.withUnsafeBufferPointer { gs in
                    steps.withUnsafeMutableBufferPointer { ps in
                        ck_lsq_backward(pg.baseAddress, px.baseAddress, dx, accumulate ? 1 : 0, runs.outer, runs.channels,
                                        runs.inner, gs.baseAddress, weight, ps.baseAddress, inner)
                    }
                }
            }
        }
    }
}
