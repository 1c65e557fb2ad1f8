import Tensor
import NeuralNet
import Quantization

/// A graph whose quantizable layers are `QuantizedLayerOp`s, with helpers to
/// read and set the per-layer choices.
public struct Supernet: Sendable {
    public var graph: Graph
    /// Quantized layers in graph order.
    public let layers: [String]

    /// Replaces every quantizable layer of `float` (batch norm already folded)
    /// by a quantized layer over its candidates. With `freezeWeights` the
    /// quantized weights of every candidate are computed once (post-training search).
    public init(float: Graph, candidates: [String: LayerCandidates], freezeWeights: Bool) throws(GraphError) {
        var g = float
        var generator = SeededGenerator(seed: 0)
        let names = PTQCalibration.quantizableLayers(float)
        for name in names {
            let node = g.node(named: name)!
            guard let layer = QuantizableLayer(node.op), let c = candidates[name] else { throw .unknownNode(name) }
            let hasBias = g.parameters["\(name).bias"] != nil
            var frozen: [Tensor]?
            if freezeWeights {
                let w = g.parameters["\(name).weight"]!
                frozen = c.weight.indices.map { c.quantizedWeight($0, of: w) }
            }
            let op = QuantizedLayerOp(layer: layer, hasBias: hasBias, weightCandidates: c.weight,
                                      activationCandidates: c.activation, frozenQuantizedWeights: frozen)
            try g.replaceOp(of: name, with: op, generator: &generator)
        }
        graph = g
        layers = names
    }

    public func op(_ layer: Int) -> QuantizedLayerOp {
        graph.node(named: layers[layer])!.op as! QuantizedLayerOp
    }

    public var logitParameterNames: [String] {
        layers.flatMap { ["\($0).weight_logits", "\($0).act_logits"] }
    }

    /// Sets the selection of one layer's weight and activation sides.
    public mutating func select(layer: Int, weight: CandidateSelection, activation: CandidateSelection) {
        var op = self.op(layer)
        op.weightSelection = weight
        op.activationSelection = activation
        var generator = SeededGenerator(seed: 0)
        // Same shapes: re-inference cannot fail.
        try! graph.replaceOp(of: layers[layer], with: op, generator: &generator)
    }

    /// Fixes every layer to a strategy (candidate indices per layer).
    public mutating func apply(_ strategy: Strategy) {
        for l in layers.indices {
            select(layer: l, weight: .fixed(strategy.weight[l]), activation: .fixed(strategy.activation[l]))
        }
    }

    /// Current mixture weights of every layer.
    public func probabilities(temperature: Float) -> [LayerProbabilities] {
        layers.indices.map { l in
            let op = self.op(l)
            return LayerProbabilities(
                weight: op.weightProbabilities(graph.parameters["\(layers[l]).weight_logits"]!, temperature: temperature),
                activation: op.activationProbabilities(graph.parameters["\(layers[l]).act_logits"]!, temperature: temperature))
        }
    }

    /// Argmax of the current probabilities (ties go to the first candidate).
    public func derived(temperature: Float) -> Strategy {
        let p = probabilities(temperature: temperature)
        return Strategy(weight: p.map { Self.argmax($0.weight) }, activation: p.map { Self.argmax($0.activation) })
    }

    static func argmax(_ v: [Float]) -> Int {
        var best = 0
        for i in v.indices where v[i] > v[best] { best = i }
        return best
    }
}
