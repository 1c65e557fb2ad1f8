import Tensor

/// ShuffleNet's channel shuffle: view C as [groups, C/groups], transpose,
/// flatten. Output channel i·groups + j takes input channel j·(C/groups) + i.
public struct ChannelShuffleOp: GraphOp {
    public var groups: Int
    public init(groups: Int) {
        precondition(groups >= 1, "channel shuffle: groups must be ≥ 1")
        self.groups = groups
    }
    public var kind: String { "channelshuffle" }
    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        guard inputShapes.count == 1, inputShapes[0].count == 3, inputShapes[0][2] % groups == 0 else {
            throw ShapeError("\(kind) in \(groups) groups takes one [H, W, C] input with C divisible by \(groups), got \(inputShapes)")
        }
        return inputShapes[0]
    }
    /// source[k] = the input channel output channel k reads.
    func sources(_ c: Int) -> [Int] {
        let per = c / groups
        return (0..<c).map { k in (k % groups) * per + k / groups }
    }
    static func permute(_ x: Tensor, _ map: [Int], inverse: Bool) -> Tensor {
        var y = x
        let c = map.count, rows = x.count / c
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                for r in 0..<rows {
                    let o = r * c
                    for k in 0..<c {
                        if inverse { py[o + map[k]] = px[o + k] } else { py[o + k] = px[o + map[k]] }
                    }
                }
            }
        }
        return y
    }
    public func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult {
        OpResult(Self.permute(inputs[0], sources(inputs[0].shape[3]), inverse: false))
    }
    public func backward(_ input: BackwardInput) -> OpGradients {
        OpGradients(inputs: [Self.permute(input.gradOutput, sources(input.gradOutput.shape[3]), inverse: true)])
    }
}
