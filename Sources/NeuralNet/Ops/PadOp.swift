import Tensor

/// Spatial padding of an [H, W, C] map (ONNX Pad on H and W): a constant,
/// the mirror image without the edge row (reflect) or the edge repeated.
public struct PadOp: GraphOp {
    public enum Mode: Sendable, Equatable {
        case constant(Float)
        case reflect
        case edge
    }
    public var top: Int, left: Int, bottom: Int, right: Int
    public var mode: Mode
    public init(top: Int, left: Int, bottom: Int, right: Int, mode: Mode) {
        precondition(min(top, left, bottom, right) >= 0, "pad: negative padding")
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
        self.mode = mode
    }
    public var kind: String { "pad" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ShapeError("\(kind) takes one [H, W, C] input, got \(inputShapes)")
        }
        let s = inputShapes[0]
        if mode == .reflect {
            guard max(top, bottom) < s[0], max(left, right) < s[1] else {
                throw ShapeError("reflect padding (\(top), \(left), \(bottom), \(right)) needs a map larger than the padding, got \(s[0])×\(s[1])")
            }
        }
        guard s[0] > 0, s[1] > 0 else { throw ShapeError("\(kind) of an empty map \(s)") }
        return [s[0] + top + bottom, s[1] + left + right, s[2]]
    }
    /// The input row (or column) output position `o` copies, or nil for a constant.
    func source(_ o: Int, before: Int, size: Int) -> Int? {
        let i = o - before
        if i >= 0 && i < size { return i }
        switch mode {
        case .constant: return nil
        case .edge: return min(max(i, 0), size - 1)
        case .reflect: return i < 0 ? -i : 2 * (size - 1) - i
        }
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        let x = inputs[0]
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3]
        let oh = h + top + bottom, ow = w + left + right
        var fill: Float = 0
        if case .constant(let v) = mode { fill = v }
        var y = Tensor(repeating: fill, shape: [n, oh, ow, c])
        let rows = (0..<oh).map { source($0, before: top, size: h) }
        let cols = (0..<ow).map { source($0, before: left, size: w) }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for b in 0..<n {
                    for (oi, i) in rows.enumerated() {
                        guard let i else { continue }
                        for (oj, j) in cols.enumerated() {
                            guard let j else { continue }
                            let o = ((b * oh + oi) * ow + oj) * c, s = ((b * h + i) * w + j) * c
                            for ch in 0..<c { py[o + ch] = px[s + ch] }
                        }
                    }
                }
            }
        }
        return OpResult(y)
    }
    /// Each output gradient goes back to the input it copied (repeated edges add up).
    public func backward(_ input: BackwardInput) -> OpGradients {
        let shape = input.inputs[0].shape
        let n = shape[0], h = shape[1], w = shape[2], c = shape[3]
        let oh = h + top + bottom, ow = w + left + right
        var dx = Tensor(zeros: shape)
        let rows = (0..<oh).map { source($0, before: top, size: h) }
        let cols = (0..<ow).map { source($0, before: left, size: w) }
        input.gradOutput.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pd in
                for b in 0..<n {
                    for (oi, i) in rows.enumerated() {
                        guard let i else { continue }
                        for (oj, j) in cols.enumerated() {
                            guard let j else { continue }
                            let o = ((b * oh + oi) * ow + oj) * c, s = ((b * h + i) * w + j) * c
                            for ch in 0..<c { pd[s + ch] += pg[o + ch] }
                        }
                    }
                }
            }
        }
        return OpGradients(inputs: [dx])
    }
}
