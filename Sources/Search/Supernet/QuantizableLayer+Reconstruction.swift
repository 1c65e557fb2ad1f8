import Tensor
import Quantization

/// Quantizable layers are what learned rounding reconstructs, through the
/// same oneDNN convolutions the search runs.
extension QuantizableLayer: ReconstructionLayer {
    public func output(_ x: Tensor, weight: Tensor) -> Tensor {
        forward(x, weight: weight, bias: nil)
    }

    public func weightGradient(_ g: Tensor, input x: Tensor, weight: Tensor) -> Tensor {
        backward(g, input: x, weight: weight, hasBias: false, needInputGradient: false).weight
    }

    public var fanIn: Int {
        switch self {
        case .conv(let g): return g.inChannels / g.groups * g.kernelH * g.kernelW
        // Each output sums over the input channels of its group, a kernel's worth of taps at most.
        case .transposedConv(let g): return g.inChannels / g.groups * g.kernelH * g.kernelW
        case .linear(let i, _): return i
        }
    }
}
