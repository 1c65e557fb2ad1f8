import Tensor
import NeuralNet

/// The full-precision computation under a quantized layer: what the layer
/// does once its weight and input have been (fake-)quantized.
public enum QuantizableLayer: Sendable, Equatable {
    case conv(ConvGeometry)
    case transposedConv(ConvTransposeGeometry)
    case linear(inFeatures: Int, outFeatures: Int)

    /// The layer behind a graph op, if that op is quantizable.
    public init?(_ op: any GraphOp) {
        if let conv = op as? Conv2DOp {
            self = .conv(conv.geometry)
        } else if let deconv = op as? ConvTranspose2DOp {
            self = .transposedConv(deconv.geometry)
        } else if let fc = op as? LinearOp {
            self = .linear(inFeatures: fc.inFeatures, outFeatures: fc.outFeatures)
        } else {
            return nil
        }
    }

    public var kind: String {
        switch self {
        case .conv(let g): return g.groups > 1 && g.groups == g.inChannels ? "depthwise" : "conv2d"
        case .transposedConv: return "convTranspose2d"
        case .linear: return "linear"
        }
    }

    /// The weight axis that indexes output channels (per-channel quantization):
    /// [Cout, Cin/g, kh, kw] and [out, in] weights have it first, a transposed
    /// convolution's [Cin, Cout/g, kh, kw] second.
    public var weightChannelAxis: Int {
        if case .transposedConv = self { return 1 }
        return 0
    }

    public var weightShape: [Int] {
        switch self {
        case .conv(let g): return g.weightShape
        case .transposedConv(let g): return g.weightShape
        case .linear(let i, let o): return [o, i]
        }
    }

    /// The plain op, for shape inference and for turning a quantized layer back into a float one.
    public func floatOp(bias: Bool) -> any GraphOp {
        switch self {
        case .conv(let g): return Conv2DOp(g, bias: bias)
        case .transposedConv(let g): return ConvTranspose2DOp(g, bias: bias)
        case .linear(let i, let o): return LinearOp(inFeatures: i, outFeatures: o, bias: bias)
        }
    }

    func forward(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        switch self {
        case .conv(let g): return Convolution.forward(x, weight: weight, bias: bias, geometry: g)
        case .transposedConv(let g): return ConvTranspose.forward(x, weight: weight, bias: bias, geometry: g)
        case .linear: return FullyConnected.forward(x, weight: weight, bias: bias)
        }
    }

    func backward(_ g: Tensor, input x: Tensor, weight: Tensor, hasBias: Bool,
                  needInputGradient: Bool) -> (input: Tensor?, weight: Tensor, bias: Tensor?) {
        switch self {
        case .conv(let geometry):
            let r = Convolution.backward(g, input: x, weight: weight, hasBias: hasBias, geometry: geometry,
                                         needInputGradient: needInputGradient)
            return (needInputGradient ? r.input : nil, r.weight, r.bias)
        case .transposedConv(let geometry):
            let r = ConvTranspose.backward(g, input: x, weight: weight, hasBias: hasBias, geometry: geometry,
                                           needInputGradient: needInputGradient)
            return (needInputGradient ? r.input : nil, r.weight, r.bias)
        case .linear:
            let r = FullyConnected.backward(g, input: x, weight: weight, hasBias: hasBias)
            return (r.input, r.weight, r.bias)
        }
    }
}
