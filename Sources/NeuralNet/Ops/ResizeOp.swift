import Tensor

/// ONNX `Resize` in nearest or linear mode to any size: each spatial axis is
/// either scaled (output floor(in · scale), so the graph builds at any input
/// size) or fixed (a `sizes` input). Integer factors that merely repeat or
/// half-pixel blend pixels import as `UpsampleOp` instead.
public struct ResizeOp: GraphOp {
    public enum Extent: Sendable, Hashable {
        case scale(Float)
        case size(Int)
    }
    public var height: Extent
    public var width: Extent
    public var sampling: Resize.Sampling

    public init(height: Extent, width: Extent, sampling: Resize.Sampling) {
        self.height = height
        self.width = width
        self.sampling = sampling
    }

    public var kind: String { "resize" }

    /// Output length and the scale the coordinate rules divide by, along one axis.
    static func resolve(_ e: Extent, inSize: Int) -> (size: Int, scale: Float) {
        switch e {
        case .scale(let s): return (Resize.outputSize(inSize: inSize, scale: s), s)
        case .size(let n): return (n, Float(n) / Float(inSize))
        }
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        guard s[0] > 0, s[1] > 0 else { throw ShapeError("\(kind) of an empty map \(s)") }
        for e in [height, width] {
            if case .scale(let v) = e, !(v > 0 && v.isFinite) { throw ShapeError("\(kind) scale \(v) must be positive") }
        }
        let h = Self.resolve(height, inSize: s[0]), w = Self.resolve(width, inSize: s[1])
        guard h.size >= 1, w.size >= 1 else { throw ShapeError("\(kind) of \(s[0])×\(s[1]) to an empty \(h.size)×\(w.size) map") }
        return [h.size, w.size, s[2]]
    }

    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0]
        let h = Self.resolve(height, inSize: x.shape[1]), w = Self.resolve(width, inSize: x.shape[2])
        return OpResult(Resize.forward(x, height: h.size, width: w.size, scaleH: h.scale, scaleW: w.scale, sampling: sampling))
    }

    public func backward(_ input: BackwardInput) -> OpGradients {
        let s = input.inputs[0].shape
        let h = Self.resolve(height, inSize: s[1]), w = Self.resolve(width, inSize: s[2])
        return OpGradients(inputs: [Resize.backward(input.gradOutput, inputShape: s, scaleH: h.scale, scaleW: w.scale, sampling: sampling)])
    }
}
