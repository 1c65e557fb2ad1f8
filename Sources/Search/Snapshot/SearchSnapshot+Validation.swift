import Foundation
import NeuralNet
import Quantization

/// Every decoded value of a snapshot checked against the model it is used with, before
/// anything indexes with it: a hand-edited or damaged file gets one line naming the field.
extension SearchSnapshot {
    /// Steps beyond this are not a real search (a day at 1000 steps/s is 8.6e7).
    public static let maximumSteps = 100_000_000

    /// The snapshot in `data` (format and version checked; fields not yet checked against a model).
    public static func decode(_ data: Data, path: String) throws -> SearchSnapshot {
        let snapshot: SearchSnapshot
        do {
            snapshot = try NonFiniteJSON.decoder().decode(SearchSnapshot.self, from: data)
        } catch {
            throw SnapshotError.corrupt(path)
        }
        guard snapshot.format == "dqss-search-snapshot" else { throw SnapshotError.corrupt(path) }
        guard snapshot.version <= currentVersion else { throw SnapshotError.newerVersion(path, snapshot.version) }
        guard snapshot.layers.count == snapshot.derived.weight.count else { throw SnapshotError.corrupt(path) }
        return snapshot
    }

    /// Reads `url` and checks it belongs to `model` (name and weights) and fits it in every field.
    public static func read(from url: URL, for model: String, graph: Graph) throws -> SearchSnapshot {
        var snapshot = try read(from: url)
        guard snapshot.model == model else {
            throw SnapshotError.otherModel(path: url.path, snapshotModel: snapshot.model, model: model)
        }
        guard snapshot.weightsSHA256 == graph.weightsFingerprint else { throw SnapshotError.otherWeights(path: url.path) }
        try snapshot.validate(against: graph, path: url.path)
        try snapshot.loadRoundedWeights(besides: url, graph: graph)
        return snapshot
    }

    /// Throws `SnapshotError.invalid` for the first field that does not fit `graph` (the float model).
    public func validate(against graph: Graph, path: String) throws {
        let check = SnapshotChecker(path: path)
        try check.configuration(configuration)
        let methods = configuration.mode == .ptq
            ? (configuration.weightCandidateNames, configuration.activationCandidateNames)
            : (configuration.qatWeightMethods.map(\.rawValue), configuration.qatActivationMethods.map(\.rawValue))
        try check.that(weightCandidates == methods.0, "weightCandidates", "\(weightCandidates)", "must match the configuration's methods \(methods.0)")
        try check.that(activationCandidates == methods.1, "activationCandidates", "\(activationCandidates)", "must match the configuration's methods \(methods.1)")
        let totalSteps = configuration.steps + (configuration.mode == .qat ? configuration.warmupSteps + configuration.fineTuneSteps : 0)
        try check.that((0...totalSteps).contains(step), "step", "\(step)", "must be within 0…\(totalSteps)")
        try check.that(temperature.isFinite && temperature > 0, "temperature", "\(temperature)", "must be positive and finite")

        var folded = graph
        try folded.foldBatchNorms()
        let names = PTQCalibration.quantizableLayers(folded)
        try check.that(layers.map(\.name) == names, "layers", "\(layers.count) layers \(layers.map(\.name).prefix(4))…",
                       "must be the model's \(names.count) quantizable layers in order")
        let nW = weightCandidates.count, nA = activationCandidates.count
        for (l, layer) in layers.enumerated() {
            let field = "layers[\(l)] (\(layer.name))"
            try check.values(layer.weightLogits, count: nW, "\(field).weightLogits")
            try check.values(layer.activationLogits, count: nA, "\(field).activationLogits")
            try check.values(layer.probabilities.weight, count: nW, "\(field).probabilities.weight")
            try check.values(layer.probabilities.activation, count: nA, "\(field).probabilities.activation")
            if let pin = layer.pin {
                try check.index(pin.weight, below: nW, "\(field).pin.weight")
                try check.index(pin.activation, below: nA, "\(field).pin.activation")
            }
            if let candidates = layer.candidates {
                try check.that(configuration.mode == .ptq, "\(field).candidates", "present", "only post-training snapshots have them")
                guard let node = folded.node(named: layer.name), let quantizable = QuantizableLayer(node.op) else { continue }
                try check.that(candidates.weight.count == nW, "\(field).candidates.weight", "\(candidates.weight.count) entries", "needs \(nW)")
                try check.that(candidates.activation.count == nA, "\(field).candidates.activation", "\(candidates.activation.count) entries", "needs \(nA)")
                for (i, p) in candidates.weight.enumerated() {
                    try check.params(p, tensorShape: quantizable.weightShape, "\(field).candidates.weight[\(i)]")
                }
                for (i, p) in candidates.activation.enumerated() {
                    try check.params(p, tensorShape: nil, "\(field).candidates.activation[\(i)]")
                }
            } else {
                try check.that(configuration.mode == .qat, "\(field).candidates", "missing", "a post-training snapshot has calibrated candidates for every layer")
            }
        }
        try check.strategy(derived, layers: layers.count, nW: nW, nA: nA, "derived")
        if let final { try check.strategy(final, layers: layers.count, nW: nW, nA: nA, "final") }
        let logitSizes = Dictionary(uniqueKeysWithValues: layers.flatMap { [("\($0.name).weight_logits", nW), ("\($0.name).act_logits", nA)] })
        for key in optimizerState.keys.sorted() {
            let value = optimizerState[key]!
            guard let dot = key.lastIndex(of: "."), let size = logitSizes[String(key[..<dot])] else {
                throw SnapshotError.invalid(path: path, field: "optimizerState[\(key)]", problem: "names no logits of this model")
            }
            switch key[key.index(after: dot)...] {
            case "t": try check.that(value.count == 1 && value[0].isFinite && value[0] >= 0, "optimizerState[\(key)]", "\(value.prefix(3))", "must be one step count ≥ 0")
            case "m", "v": try check.values(value, count: size, "optimizerState[\(key)]")
            default: throw SnapshotError.invalid(path: path, field: "optimizerState[\(key)]", problem: "is not an Adam moment (.m, .v, .t)")
            }
        }
    }
}

/// The individual checks, each throwing `SnapshotError.invalid` with the field and its value.
struct SnapshotChecker {
    let path: String

    func that(_ condition: Bool, _ field: String, _ value: String, _ rule: String) throws {
        guard condition else { throw SnapshotError.invalid(path: path, field: field, problem: "is \(value); \(rule)") }
    }

    func positive(_ value: Int, _ field: String, upTo limit: Int = SearchSnapshot.maximumSteps) throws {
        try that((1...limit).contains(value), field, "\(value)", "must be within 1…\(limit)")
    }

    func nonNegative(_ value: Int, _ field: String, upTo limit: Int = SearchSnapshot.maximumSteps) throws {
        try that((0...limit).contains(value), field, "\(value)", "must be within 0…\(limit)")
    }

    func positiveFinite(_ value: Float, _ field: String) throws {
        try that(value.isFinite && value > 0, field, "\(value)", "must be positive and finite")
    }

    func configuration(_ c: SearchConfiguration) throws {
        try that((2...8).contains(c.bits.weight), "configuration.bits.weight", "\(c.bits.weight)", "must be 2…8")
        try that((2...8).contains(c.bits.activation), "configuration.bits.activation", "\(c.bits.activation)", "must be 2…8")
        if let choices = c.bitChoices {
            for (side, bits) in [("weight", choices.weight), ("activation", choices.activation)] {
                try that(!bits.isEmpty && bits.allSatisfy(BitChoices.supported.contains) && bits == Array(Set(bits)).sorted(),
                         "configuration.bitChoices.\(side)", "\(bits)", "must be distinct ascending bit-widths within 2…8")
            }
        }
        try distinct(c.weightMethods.map(\.rawValue), "configuration.weightMethods")
        try distinct(c.activationMethods.map(\.rawValue), "configuration.activationMethods")
        try positive(c.calibrationImages, "configuration.calibrationImages")
        try positive(c.batchSize, "configuration.batchSize")
        try positive(c.steps, "configuration.steps")
        try positiveFinite(c.learningRate, "configuration.learningRate")
        try positiveFinite(c.temperatureStart, "configuration.temperatureStart")
        try positiveFinite(c.temperatureEnd, "configuration.temperatureEnd")
        try nonNegative(c.guardImages, "configuration.guardImages")
        try nonNegative(c.evaluationLimit, "configuration.evaluationLimit", upTo: Int.max)
        if c.mode == .qat {
            try distinct(c.qatWeightMethods.map(\.rawValue), "configuration.qatWeightMethods")
            try distinct(c.qatActivationMethods.map(\.rawValue), "configuration.qatActivationMethods")
            try nonNegative(c.warmupSteps, "configuration.warmupSteps")
            try nonNegative(c.fineTuneSteps, "configuration.fineTuneSteps")
            try positiveFinite(c.weightLearningRate, "configuration.weightLearningRate")
            try that(c.pactPenalty.isFinite && c.pactPenalty >= 0, "configuration.pactPenalty", "\(c.pactPenalty)", "must be finite and ≥ 0")
        }
    }

    func distinct(_ names: [String], _ field: String) throws {
        try that(!names.isEmpty && Set(names).count == names.count, field, "\(names)", "must be a non-empty list of distinct methods")
    }

    func values(_ values: [Float], count: Int, _ field: String) throws {
        try that(values.count == count, field, "\(values.count) values", "needs \(count)")
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            try that(false, "\(field)[\(i)]", "\(values[i])", "must be finite")
        }
    }

    func index(_ value: Int?, below count: Int, _ field: String) throws {
        guard let value else { return }
        try that((0..<count).contains(value), field, "\(value)", "must be a candidate index 0…\(count - 1)")
    }

    func strategy(_ s: Strategy, layers: Int, nW: Int, nA: Int, _ field: String) throws {
        try that(s.weight.count == layers, "\(field).weight", "\(s.weight.count) choices", "needs one per layer (\(layers))")
        try that(s.activation.count == layers, "\(field).activation", "\(s.activation.count) choices", "needs one per layer (\(layers))")
        for (l, w) in s.weight.enumerated() { try index(w, below: nW, "\(field).weight[\(l)]") }
        for (l, a) in s.activation.enumerated() { try index(a, below: nA, "\(field).activation[\(l)]") }
    }

    /// A quantizer: bit-width, one positive finite scale and an in-range zero point per channel,
    /// channels matching the tensor's axis (`tensorShape` nil: per tensor only).
    func params(_ p: QuantParams, tensorShape: [Int]?, _ field: String) throws {
        try that((2...8).contains(p.spec.bits), "\(field).spec.bits", "\(p.spec.bits)", "must be 2…8")
        let channels: Int
        switch p.spec.granularity {
        case .perTensor:
            channels = 1
        case .perChannel(let axis):
            guard let shape = tensorShape else {
                throw SnapshotError.invalid(path: path, field: "\(field).spec.granularity", problem: "is per channel; activations are quantized per tensor")
            }
            try that((0..<shape.count).contains(axis), "\(field).spec.granularity.axis", "\(axis)", "must be an axis of the weight \(shape)")
            channels = shape[axis]
        }
        try that(p.scales.count == channels, "\(field).scales", "\(p.scales.count) values", "needs \(channels)")
        try that(p.zeroPoints.count == channels, "\(field).zeroPoints", "\(p.zeroPoints.count) values", "needs \(channels)")
        if let i = p.scales.firstIndex(where: { !($0.isFinite && $0 >= QuantParams.minimumScale) }) {
            try that(false, "\(field).scales[\(i)]", "\(p.scales[i])", "must be finite and ≥ \(QuantParams.minimumScale)")
        }
        let range = p.spec.qmin...p.spec.qmax
        if let i = p.zeroPoints.firstIndex(where: { !range.contains($0) }) {
            try that(false, "\(field).zeroPoints[\(i)]", "\(p.zeroPoints[i])", "must be within the grid \(range)")
        }
    }
}
