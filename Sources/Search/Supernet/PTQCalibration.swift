import Tensor
import NeuralNet
import Quantization

/// Calibrates every PTQ candidate of every quantizable layer once, from the
/// float model's own activations on a calibration set.
public struct PTQCalibration: Sendable {
    /// Weight candidates; learned-rounding ones get their grid here (from their
    /// range) and their weights from `LearnedRounding`.
    public var weightMethods: [WeightMethod]
    public var activationMethods: [PTQMethod]
    /// The bit-width of every candidate slot of every layer.
    public var policy: BitPolicy
    public var perChannelWeights: Bool
    public var options: CalibrationOptions

    public init(weightMethods: [WeightMethod], activationMethods: [PTQMethod], policy: BitPolicy,
                perChannelWeights: Bool = true, options: CalibrationOptions = CalibrationOptions()) {
        self.weightMethods = weightMethods
        self.activationMethods = activationMethods
        self.policy = policy
        self.perChannelWeights = perChannelWeights
        self.options = options
    }

    /// One bit-width per side; `firstAndLastAt8Bits` keeps the first and last
    /// quantizable layers at 8 bits (a common convention).
    public init(weightMethods: [WeightMethod], activationMethods: [PTQMethod], bits: BitWidths,
                firstAndLastAt8Bits: Bool = false, perChannelWeights: Bool = true,
                options: CalibrationOptions = CalibrationOptions()) {
        self.init(weightMethods: weightMethods, activationMethods: activationMethods,
                  policy: BitPolicy(bits: bits, firstAndLastAt8Bits: firstAndLastAt8Bits),
                  perChannelWeights: perChannelWeights, options: options)
    }

    /// Names of the layers to quantize, in graph order.
    public static func quantizableLayers(_ graph: Graph) -> [String] {
        graph.nodes.filter { QuantizableLayer($0.op) != nil || $0.op is QuantizedLayerOp }.map(\.name)
    }

    /// Candidates per layer. `graph` is the float model (batch norm folded);
    /// `images` the calibration set, run in batches of `batchSize`.
    public func calibrate(_ graph: Graph, images: Tensor, batchSize: Int = 128,
                          progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) -> [String: LayerCandidates] {
        let layers = Self.quantizableLayers(graph)
        // Layers that read the same tensor (a block's conv1 and its shortcut) share statistics.
        let sources = Set(layers.map { graph.node(named: $0)!.inputs[0] })
        var stats: [String: CalibrationStatistics] = [:]
        for s in sources { stats[s] = CalibrationStatistics(granularity: .perTensor) }
        let n = images.shape[0]
        let per = images.count / max(1, n)
        let sampleShape = Array(images.shape.dropFirst())
        let batches = (n + batchSize - 1) / batchSize
        for b in 0..<batches {
            let lo = b * batchSize, hi = min(n, lo + batchSize)
            let batch = Tensor(shape: [hi - lo] + sampleShape, scalars: Array(images.scalars[(lo * per)..<(hi * per)]))
            let kept = graph.forward(batch, keep: sources).kept
            for s in sources { stats[s]!.observe(kept[s]!) }
            progress(b + 1, batches)
        }
        var result: [String: LayerCandidates] = [:]
        for (index, name) in layers.enumerated() {
            let node = graph.node(named: name)!
            // Per output channel: axis 0 of conv/linear weights, axis 1 of transposed ones.
            let axis = QuantizableLayer(node.op)?.weightChannelAxis ?? 0
            var wStats = CalibrationStatistics(granularity: perChannelWeights ? .perChannel(axis: axis) : .perTensor)
            wStats.observe(graph.parameters["\(name).weight"]!)
            let aStats = stats[node.inputs[0]]!
            // Slots repeat a bit-width (every slot of an edge layer is 8 bits): calibrate each once.
            var weights: [Int: [QuantParams]] = [:], activations: [Int: [QuantParams]] = [:]
            for b in Set(policy.weightBits(layer: index, of: layers.count, methods: 1)) {
                let spec = QuantSpec.weights(bits: b, perChannel: perChannelWeights, axis: axis)
                weights[b] = weightMethods.map { $0.range.params(from: wStats, spec: spec, options: options) }
            }
            for b in Set(policy.activationBits(layer: index, of: layers.count, methods: 1)) {
                let spec = aStats.activationSpec(bits: b)
                activations[b] = activationMethods.map { $0.params(from: aStats, spec: spec, options: options) }
            }
            let wSlots = policy.weightBits(layer: index, of: layers.count, methods: weightMethods.count)
            let aSlots = policy.activationBits(layer: index, of: layers.count, methods: activationMethods.count)
            result[name] = LayerCandidates(
                weight: wSlots.indices.map { weights[wSlots[$0]]![BitPolicy.method(ofSlot: $0, methods: weightMethods.count)] },
                activation: aSlots.indices.map { activations[aSlots[$0]]![BitPolicy.method(ofSlot: $0, methods: activationMethods.count)] })
        }
        return result
    }
}
