import SearchEvents

/// The cost of a strategy (hard) or of the search's softmax mixture
/// (expected, differentiable) in one metric.
///
/// Size is Σ params · bits / Σ params (bits per weight); BOPs Σ MACs ·
/// w-bits · a-bits. The expected cost takes E[bits] under each layer's
/// probabilities, sides independent: E[w·a] = E[w]·E[a].
public struct CostModel: Sendable, Equatable {
    public var layers: [LayerCost]
    public var metric: CostMetric

    public init(layers: [LayerCost], metric: CostMetric) {
        precondition(!layers.isEmpty, "a cost model needs layers")
        self.layers = layers
        self.metric = metric
    }

    var totalParameters: Double { layers.reduce(0) { $0 + $1.parameters } }

    /// BOPs of the network with every layer at `bits`.
    public func uniformBOPs(_ bits: BitWidths) -> Double {
        layers.reduce(0) { $0 + $1.macs } * Double(bits.weight * bits.activation)
    }

    func cost(weightBits: [Double], activationBits: [Double]) -> Double {
        switch metric {
        case .size:
            return zip(layers, weightBits).reduce(0) { $0 + $1.0.parameters * $1.1 } / totalParameters
        case .bops:
            return layers.indices.reduce(0) { $0 + layers[$1].macs * weightBits[$1] * activationBits[$1] }
        }
    }

    /// The cost of a fixed strategy.
    public func cost(_ s: Strategy) -> Double {
        cost(weightBits: layers.indices.map { Double(layers[$0].weightBits[s.weight[$0]]) },
             activationBits: layers.indices.map { Double(layers[$0].activationBits[s.activation[$0]]) })
    }

    /// The expected cost under the per-layer probabilities.
    public func expected(_ p: [LayerProbabilities]) -> Double {
        cost(weightBits: layers.indices.map { LayerCost.expected(layers[$0].weightBits, p[$0].weight) },
             activationBits: layers.indices.map { LayerCost.expected(layers[$0].activationBits, p[$0].activation) })
    }

    /// ∂expected/∂logits when p = softmax(logits/τ): p_j (c_j − E[c]) / τ per slot,
    /// times the layer's factor. Pinned sides (one-hot p) get zeros.
    public func gradient(_ p: [LayerProbabilities], temperature tau: Float) -> [LayerProbabilities] {
        let total = totalParameters
        return layers.indices.map { l in
            let layer = layers[l]
            let ew = LayerCost.expected(layer.weightBits, p[l].weight)
            let ea = LayerCost.expected(layer.activationBits, p[l].activation)
            let (wFactor, aFactor): (Double, Double)
            switch metric {
            case .size: (wFactor, aFactor) = (layer.parameters / total, 0)
            case .bops: (wFactor, aFactor) = (layer.macs * ea, layer.macs * ew)
            }
            func side(_ bits: [Int], _ q: [Float], _ mean: Double, _ factor: Double) -> [Float] {
                zip(bits, q).map { b, pj in Float(factor * Double(pj) * (Double(b) - mean) / Double(tau)) }
            }
            return LayerProbabilities(weight: side(layer.weightBits, p[l].weight, ew, wFactor),
                                      activation: side(layer.activationBits, p[l].activation, ea, aFactor))
        }
    }

    /// The cheapest and the dearest strategy's cost with the pinned sides fixed.
    public func range(pins: [Int: LayerPin] = [:]) -> ClosedRange<Double> {
        func bounds(_ bits: [Int], _ pin: Int?) -> (Double, Double) {
            if let pin { return (Double(bits[pin]), Double(bits[pin])) }
            return (Double(bits.min()!), Double(bits.max()!))
        }
        let w = layers.indices.map { bounds(layers[$0].weightBits, pins[$0]?.weight) }
        let a = layers.indices.map { bounds(layers[$0].activationBits, pins[$0]?.activation) }
        return cost(weightBits: w.map(\.0), activationBits: a.map(\.0))...cost(weightBits: w.map(\.1), activationBits: a.map(\.1))
    }
}
