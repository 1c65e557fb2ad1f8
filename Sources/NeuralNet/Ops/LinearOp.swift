import Tensor

/// Fully connected layer: "weight" [out, in], "bias" [out].
public struct LinearOp: GraphOp {
    public var inFeatures: Int
    public var outFeatures: Int
    public var hasBias: Bool

    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.hasBias = bias
    }

    public var kind: String { "linear" }

    public var parameterSpecs: [ParameterSpec] {
        // PyTorch's default: U(±1/sqrt(fan_in)) for weight and bias.
        let bound = 1 / Float(inFeatures).squareRoot()
        var specs = [ParameterSpec("weight", shape: [outFeatures, inFeatures], initializer: .uniform(bound: bound))]
        if hasBias { specs.append(ParameterSpec("bias", shape: [outFeatures], initializer: .uniform(bound: bound))) }
        return specs
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0] == [inFeatures] else {
            throw ShapeError("linear expects [\(inFeatures)] per sample, got \(inputShapes)")
        }
        return [outFeatures]
    }

    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(FullyConnected.forward(inputs[0], weight: parameters[0], bias: hasBias ? parameters[1] : nil))
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        let g = FullyConnected.backward(input.gradOutput, input: input.inputs[0], weight: input.parameters[0],
                                        hasBias: hasBias)
        return OpGradients(inputs: [g.input], parameters: hasBias ? [g.weight, g.bias] : [g.weight])
    }

    public func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int { inFeatures * outFeatures }
}
