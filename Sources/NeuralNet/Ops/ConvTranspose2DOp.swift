import Tensor

/// 2-D transposed convolution; parameters "weight" [Cin, Cout/g, kh, kw] and "bias" [Cout].
public struct ConvTranspose2DOp: GraphOp {
    public var geometry: ConvTransposeGeometry
    public var hasBias: Bool

    public init(_ geometry: ConvTransposeGeometry, bias: Bool) {
        self.geometry = geometry
        self.hasBias = bias
    }

    public var kind: String { "convTranspose2d" }

    public var parameterSpecs: [ParameterSpec] {
        // Each output sees Cin/g · kh·kw / stride² weights on average; He init on that fan keeps variance.
        let g = geometry
        let fan = max(1, g.inChannels / g.groups * g.kernelH * g.kernelW / (g.strideH * g.strideW))
        var specs = [ParameterSpec("weight", shape: g.weightShape, initializer: .heNormal(fan: fan))]
        if hasBias {
            specs.append(ParameterSpec("bias", shape: [g.outChannels],
                                       initializer: .uniform(bound: 1 / Float(fan).squareRoot())))
        }
        return specs
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        guard s[2] == geometry.inChannels else {
            throw ShapeError("convTranspose2d expects \(geometry.inChannels) input channels, got \(s[2])")
        }
        let (oh, ow) = geometry.outputSize(height: s[0], width: s[1])
        guard oh > 0, ow > 0 else { throw ShapeError("convTranspose2d output for \(s[0])×\(s[1]) is empty") }
        return [oh, ow, geometry.outChannels]
    }

    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(ConvTranspose.forward(inputs[0], weight: parameters[0], bias: hasBias ? parameters[1] : nil,
                                       geometry: geometry))
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        let g = ConvTranspose.backward(input.gradOutput, input: input.inputs[0], weight: input.parameters[0],
                                       hasBias: hasBias, geometry: geometry,
                                       needInputGradient: input.inputNeedsGradient[0])
        let weight: [Tensor?] = [g.weight]
        return OpGradients(inputs: [input.inputNeedsGradient[0] ? g.input : nil],
                           parameters: hasBias ? weight + [g.bias] : weight)
    }

    /// Every input element is multiplied into Cout/g · kh·kw outputs.
    public func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int {
        inputShapes[0].reduce(1, *) * geometry.outChannels / geometry.groups * geometry.kernelH * geometry.kernelW
    }
}
