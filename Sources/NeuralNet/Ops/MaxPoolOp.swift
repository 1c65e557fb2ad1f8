import Tensor

/// 2-D max pooling; the forward pass saves the argmax for backward.
public struct MaxPoolOp: GraphOp {
    public var geometry: PoolGeometry
    public init(_ geometry: PoolGeometry) { self.geometry = geometry }
    public var kind: String { "maxpool" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        let (oh, ow) = geometry.outputSize(height: s[0], width: s[1])
        guard oh > 0, ow > 0 else { throw ShapeError("\(kind) input \(s[0])×\(s[1]) is smaller than the window") }
        return [oh, ow, s[2]]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        let r = MaxPool.forward(inputs[0], geometry: geometry)
        return OpResult(r.output, saved: r.argmax)
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        guard let argmax = input.saved as? [Int32] else { preconditionFailure("max pool backward needs its forward argmax") }
        return OpGradients(inputs: [MaxPool.backward(input.gradOutput, argmax: argmax, inputShape: input.inputs[0].shape)])
    }
}
