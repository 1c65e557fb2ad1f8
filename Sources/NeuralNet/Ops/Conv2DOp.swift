import Tensor

/// 2-D convolution with optional bias; parameters "weight" [Cout, Cin/g, kh, kw] and "bias" [Cout].
public struct Conv2DOp: GraphOp {
    public var geometry: ConvGeometry
    public var hasBias: Bool

    public init(_ geometry: ConvGeometry, bias: Bool) {
        self.geometry = geometry
        self.hasBias = bias
    }

    public var kind: String {
        geometry.groups > 1 && geometry.groups == geometry.inChannels ? "depthwise" : "conv2d"
    }

    public var parameterSpecs: [ParameterSpec] {
        let fanOut = geometry.outChannels / geometry.groups * geometry.kernelH * geometry.kernelW
        var specs = [ParameterSpec("weight", shape: geometry.weightShape, initializer: .heNormal(fan: fanOut))]
        if hasBias {
            let fanIn = geometry.inChannels / geometry.groups * geometry.kernelH * geometry.kernelW
            specs.append(ParameterSpec("bias", shape: [geometry.outChannels],
                                       initializer: .uniform(bound: 1 / Float(fanIn).squareRoot())))
        }
        return specs
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("conv2d takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        guard s[2] == geometry.inChannels else {
            throw ShapeError("conv2d expects \(geometry.inChannels) input channels, got \(s[2])")
        }
        let (oh, ow) = geometry.outputSize(height: s[0], width: s[1])
        guard oh > 0, ow > 0 else { throw ShapeError("conv2d input \(s[0])×\(s[1]) is smaller than the kernel") }
        return [oh, ow, geometry.outChannels]
    }

    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Convolution.forward(inputs[0], weight: parameters[0], bias: hasBias ? parameters[1] : nil,
                                     geometry: geometry))
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        let g = Convolution.backward(input.gradOutput, input: input.inputs[0], weight: input.parameters[0],
                                     hasBias: hasBias, geometry: geometry,
                                     needInputGradient: input.inputNeedsGradient[0])
        return OpGradients(inputs: [input.inputNeedsGradient[0] ? g.input : nil],
                           parameters: hasBias ? [g.weight, g.bias] : [g.weight])
    }

    public func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int {
        outputShape.reduce(1, *) * geometry.inChannels / geometry.groups * geometry.kernelH * geometry.kernelW
    }
}
