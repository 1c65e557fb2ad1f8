import Tensor

/// [H, W, C] → [C·H·W] in channel-major (C, H, W) order, as ONNX and
/// PyTorch flatten, so a following linear layer's weights mean the same as
/// in the file they came from. `channelsLast` keeps (H, W, C) order instead,
/// as Keras flattens. Other ranks flatten in place.
public struct FlattenOp: GraphOp {
    public var channelsLast: Bool
    public init(channelsLast: Bool = false) { self.channelsLast = channelsLast }
    public var kind: String { "flatten" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("flatten takes one input") }
        return [inputShapes[0].reduce(1, *)]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0]
        return OpResult((!channelsLast && x.rank == 4 && x.shape[1] * x.shape[2] > 1 ? x.nhwcToNCHW() : x).reshaped([x.shape[0], -1]))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        let s = input.inputs[0].shape
        guard !channelsLast, s.count == 4, s[1] * s[2] > 1 else { return OpGradients(inputs: [input.gradOutput.reshaped(s)]) }
        return OpGradients(inputs: [input.gradOutput.reshaped([s[0], s[3], s[1], s[2]]).nchwToNHWC()])
    }
}
