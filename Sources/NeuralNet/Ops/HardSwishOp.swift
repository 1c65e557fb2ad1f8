import Tensor

/// y = x · clamp(x/6 + 1/2, 0, 1) (ONNX HardSwish, MobileNetV3's activation).
public struct HardSwishOp: GraphOp {
    public init() {}
    public var kind: String { "hardswish" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1 else { throw ShapeError("\(kind) takes one input, got \(inputShapes.count)") }
        return inputShapes[0]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        var y = inputs[0]
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let v = p[i]
                p[i] = v * Swift.min(1, Swift.max(0, v / 6 + 0.5))
            }
        }
        return OpResult(y)
    }
    /// dy/dx = 0 below −3, 1 above 3, x/3 + 1/2 between.
    public func backward(_ input: BackwardInput) -> OpGradients {
        var dx = input.gradOutput
        input.inputs[0].withUnsafeBufferPointer { px in
            dx.withUnsafeMutableBufferPointer { pd in
                for i in 0..<pd.count {
                    let v = px[i]
                    pd[i] *= v <= -3 ? 0 : v >= 3 ? 1 : v / 3 + 0.5
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
