import Tensor

/// 2-D average pooling.
public struct AvgPoolOp: GraphOp {
    public var geometry: PoolGeometry
    public var countIncludePad: Bool
    public init(_ geometry: PoolGeometry, countIncludePad: Bool = true) {
        self.geometry = geometry
        self.countIncludePad = countIncludePad
    }
    public var kind: String { "avgpool" }
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
        OpResult(AvgPool.forward(inputs[0], geometry: geometry, countIncludePad: countIncludePad))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [AvgPool.backward(input.gradOutput, inputShape: input.inputs[0].shape, geometry: geometry,
                                              countIncludePad: countIncludePad)])
    }
}
