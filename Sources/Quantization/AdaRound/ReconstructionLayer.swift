import Tensor

/// A layer whose output AdaRound reconstructs: linear in its weight, outputs
/// channels last ([N, out] or NHWC [N, H, W, C]), batch first.
public protocol ReconstructionLayer: Sendable {
    /// The output for input x and weight w, without bias (it cancels in the error).
    func output(_ x: Tensor, weight: Tensor) -> Tensor
    /// ∂L/∂w for the output gradient g at input x.
    func weightGradient(_ g: Tensor, input x: Tensor, weight: Tensor) -> Tensor
    /// Input values one output value depends on: below this many calibration
    /// samples the reconstruction problem is under-determined.
    var fanIn: Int { get }
}
