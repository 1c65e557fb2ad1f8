import Tensor

/// Depth-to-space: [H, W, C·r²] → [H·r, W·r, C] (PyTorch channel ordering).
public struct PixelShuffleOp: GraphOp {
    public var upscale: Int
    public init(upscale: Int) {
        precondition(upscale >= 1, "pixel shuffle factor must be ≥ 1")
        self.upscale = upscale
    }
    public var kind: String { "pixelshuffle" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        let r2 = upscale * upscale
        guard s[2] % r2 == 0 else { throw ShapeError("pixel shuffle ×\(upscale) needs channels divisible by \(r2), got \(s[2])") }
        return [s[0] * upscale, s[1] * upscale, s[2] / r2]
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(PixelShuffle.forward(inputs[0], upscale: upscale))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [PixelShuffle.backward(input.gradOutput, upscale: upscale)])
    }
}
