import NeuralNet

/// What the post-training and quantization-aware mixed layers share: a float
/// layer underneath, whose shape, cost, kind and leading parameters (weight,
/// bias) they keep, so a rewrite leaves names and shapes of the graph intact.
public protocol MixedLayerOp: GraphOp {
    var layer: QuantizableLayer { get }
    var hasBias: Bool { get }
}

extension MixedLayerOp {
    public var kind: String { layer.kind }

    /// The float op's parameter specs, followed by the architecture logits.
    func floatSpecsAndLogits(weightCandidates m: Int, activationCandidates n: Int) -> [ParameterSpec] {
        layer.floatOp(bias: hasBias).parameterSpecs + [
            ParameterSpec("weight_logits", shape: [m], initializer: .zeros),
            ParameterSpec("act_logits", shape: [n], initializer: .zeros),
        ]
    }

    public func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int] {
        try layer.floatOp(bias: hasBias).outputShape(for: inputShapes)
    }

    public func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int {
        layer.floatOp(bias: hasBias).macs(inputShapes: inputShapes, outputShape: outputShape)
    }
}
