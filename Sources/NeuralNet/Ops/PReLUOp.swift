import Tensor

/// PReLU with one learnable slope per channel, "weight" [C], initialised to
/// 0.25 (He et al. 2015; PyTorch's default).
public struct PReLUOp: GraphOp {
    public var channels: Int
    public init(channels: Int) { self.channels = channels }
    public var kind: String { "prelu" }
    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("weight", shape: [channels], initializer: .constant(0.25))]
    }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("prelu takes one input, got \(inputShapes.count)") }
        let s = inputShapes[0]
        guard s.last == channels || channels == 1 else {
            throw ShapeError("prelu over \(channels) channels got input \(s)")
        }
        return s
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(PReLU.forward(inputs[0], slope: parameters[0]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        let g = PReLU.backward(input.gradOutput, input: input.inputs[0], slope: input.parameters[0])
        return OpGradients(inputs: [g.input], parameters: [g.slope])
    }
}
