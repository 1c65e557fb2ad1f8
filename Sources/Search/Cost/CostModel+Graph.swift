import NeuralNet

extension CostModel {
    /// The cost of `graph`'s quantized layers (`names`, batch norm folded) whose
    /// candidate slots have the given bit-widths.
    public init(graph: Graph, layers names: [String], weightBits: [[Int]], activationBits: [[Int]], metric: CostMetric) {
        let layers = names.indices.map { l in
            let node = graph.node(named: names[l])!
            let layer = QuantizableLayer(node.op)!
            let weights = layer.weightShape.reduce(1, *)
            // MACs per input: every weight is used once per output position
            // (once per input position for a transposed convolution).
            let positions: Int
            switch layer {
            case .conv:
                positions = graph.shapes[names[l]]!.reduce(1, *) / layer.weightShape[0]
            case .transposedConv:
                positions = graph.shapes[node.inputs[0]]!.reduce(1, *) / layer.weightShape[0]
            case .linear:
                positions = 1
            }
            return LayerCost(parameters: Double(weights), macs: Double(weights * positions),
                             weightBits: weightBits[l], activationBits: activationBits[l])
        }
        self.init(layers: layers, metric: metric)
    }

    /// The cost of calibrated candidates: each slot's bits are its quantizer's.
    public init(graph: Graph, layers names: [String], candidates: [String: LayerCandidates], metric: CostMetric) {
        self.init(graph: graph, layers: names, weightBits: names.map { candidates[$0]!.weight.map(\.spec.bits) },
                  activationBits: names.map { candidates[$0]!.activation.map(\.spec.bits) }, metric: metric)
    }
}
