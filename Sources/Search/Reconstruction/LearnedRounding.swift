import Foundation
import Tensor
import NeuralNet
import Quantization

/// Makes the learned-rounding weight candidates of a calibrated network: for
/// every `adaround(range)` candidate and layer, AdaRound on the grid the
/// range's calibrator chose, against the float layer's output on the
/// calibration set. Runs once before the search (or a baseline); the results
/// become frozen weights of the candidates.
public struct LearnedRounding: Sendable {
    public var settings: LearnedRoundingSettings
    public var cache: ReconstructionCache?

    public init(settings: LearnedRoundingSettings = LearnedRoundingSettings(), cache: ReconstructionCache? = nil) {
        self.settings = settings
        self.cache = cache
    }

    /// Candidates with their learned weights, and the weight methods left.
    public struct Outcome: Sendable {
        public var candidates: [String: LayerCandidates]
        /// The methods given, minus candidates whose reconstruction diverged.
        public var methods: [WeightMethod]
    }

    public enum Failure: LocalizedError, Equatable {
        case everyCandidateDropped([String])

        public var errorDescription: String? {
            switch self {
            case .everyCandidateDropped(let names):
                return "every weight candidate was dropped (\(names.joined(separator: ", ")) diverged); add a round-to-nearest candidate to --weights"
            }
        }
    }

    /// Fills `roundedWeights` of every learned-rounding candidate. `graph` is
    /// the float model with batch norm folded, `images` the calibration set,
    /// `model` the weights' fingerprint (for the cache). `log` receives a line
    /// per layer with the errors and the ETA, and the warnings.
    public func apply(_ candidates: [String: LayerCandidates], methods: [WeightMethod], graph: Graph, images: Tensor,
                      model: String, log: (String) -> Void) throws -> Outcome {
        let columns = methods.indices.filter { methods[$0].rounding == .adaround }
        guard !columns.isEmpty else { return Outcome(candidates: candidates, methods: methods) }
        var run = Run(rounding: self, graph: graph, images: images, model: model, methods: methods,
                      candidates: candidates, total: columns.count * PTQCalibration.quantizableLayers(graph).count)
        switch settings.inputs {
        case .float: run.fromFloatInputs(columns, log: log)
        case .quantizedPrefix: for j in columns { run.fromQuantizedPrefix(j, log: log) }
        }
        let kept = methods.indices.filter { run.dropped[$0] == nil }
        guard !kept.isEmpty else { throw Failure.everyCandidateDropped(columns.map { methods[$0].rawValue }) }
        return Outcome(candidates: run.candidates.mapValues { $0.keepingWeights(kept) }, methods: kept.map { methods[$0] })
    }

    /// The state of one `apply`.
    struct Run {
        let rounding: LearnedRounding
        let graph: Graph
        let images: Tensor
        let calibrationDigest: String
        let model: String
        let methods: [WeightMethod]
        let layers: [String]
        var candidates: [String: LayerCandidates]
        /// Diverged columns and why.
        var dropped: [Int: String] = [:]
        let total: Int
        var done = 0
        let start = Date()

        init(rounding: LearnedRounding, graph: Graph, images: Tensor, model: String, methods: [WeightMethod],
             candidates: [String: LayerCandidates], total: Int) {
            self.rounding = rounding
            self.graph = graph
            self.images = images
            self.calibrationDigest = ReconstructionCache.digest(of: images)
            self.model = model
            self.methods = methods
            self.layers = PTQCalibration.quantizableLayers(graph)
            self.candidates = candidates
            self.total = total
        }

        /// Float inputs: each layer's input and float output are computed once and shared by every column.
        mutating func fromFloatInputs(_ columns: [Int], log: (String) -> Void) {
            for name in layers {
                let x = Self.inputs(of: name, in: graph, images: images)
                let (layer, w) = Self.layer(name, in: graph)
                let y = AdaRound.outputs(layer, weight: w, inputs: x)
                for j in columns where dropped[j] == nil {
                    learn(name, column: j, layer: layer, weight: w, inputs: x, targets: y, log: log)
                }
            }
        }

        /// Inputs from a prefix whose weights are this column's learned ones: layer by layer, in order.
        mutating func fromQuantizedPrefix(_ j: Int, log: (String) -> Void) {
            var prefix = graph
            for name in layers where dropped[j] == nil {
                let (layer, w) = Self.layer(name, in: graph)
                let y = AdaRound.outputs(layer, weight: w, inputs: Self.inputs(of: name, in: graph, images: images))
                let x = Self.inputs(of: name, in: prefix, images: images)
                learn(name, column: j, layer: layer, weight: w, inputs: x, targets: y, log: log)
                prefix.parameters["\(name).weight"] = candidates[name]!.quantizedWeight(j, of: w)
            }
        }

        mutating func learn(_ name: String, column j: Int, layer: QuantizableLayer, weight w: Tensor, inputs x: Tensor,
                           targets y: Tensor, log: (String) -> Void) {
            let method = methods[j]
            let params = candidates[name]!.weight[j]
            let key = ReconstructionCache.Key(model: model, calibration: calibrationDigest, layer: name, method: method,
                                              params: params, settings: rounding.settings)
            var result = rounding.cache?.load(key, weightShape: w.shape)
            let cached = result != nil
            if result == nil {
                let learned = AdaRound(options: rounding.settings.options).learn(weight: w, params: params, layer: layer,
                                                                                inputs: x, targets: y)
                if let cache = rounding.cache {
                    do {
                        try cache.store(learned, for: key)
                    } catch {
                        log("adaround cache not written (\(error.localizedDescription)); learning continues")
                    }
                }
                result = learned
            }
            let r = result!
            done += 1
            if case .learned = r.outcome { candidates[name]!.roundedWeights[j] = r.weight }
            if case .diverged(let reason) = r.outcome {
                dropped[j] = reason
                log("\(method) dropped: the reconstruction of \(name) diverged (\(reason)); the search goes on without it")
                return
            }
            if let warning = r.outcome.message(layer: name, candidate: method.rawValue) { log(warning) }
            log(progressLine(name, method: method, result: r, cached: cached))
        }

        func progressLine(_ name: String, method: WeightMethod, result r: AdaRoundResult, cached: Bool) -> String {
            let elapsed = Date().timeIntervalSince(start)
            let eta = elapsed / Double(max(1, done)) * Double(max(0, total - done))
            let errors = String(format: "error %.4g → %.4g", r.nearestError, r.learnedError)
            return "\(method) \(done)/\(total) \(name): \(errors) (nearest → learned), \(r.flipped) weights flipped"
                + (cached ? ", from cache" : "") + " · \(Self.clock(elapsed)) elapsed, ETA \(Self.clock(eta))"
        }

        static func clock(_ seconds: Double) -> String {
            let s = Int(seconds.rounded())
            return String(format: "%d:%02d", s / 60, s % 60)
        }

        static func layer(_ name: String, in graph: Graph) -> (QuantizableLayer, Tensor) {
            (QuantizableLayer(graph.node(named: name)!.op)!, graph.parameters["\(name).weight"]!)
        }

        /// The input of layer `name` for every calibration image, in batches.
        static func inputs(of name: String, in graph: Graph, images: Tensor, batchSize: Int = 128) -> Tensor {
            let source = graph.node(named: name)!.inputs[0]
            let n = images.shape[0]
            var scalars: [Float] = []
            var shape: [Int] = []
            for lo in stride(from: 0, to: n, by: batchSize) {
                let x = graph.forward(images.rows(Array(lo..<min(n, lo + batchSize))), keep: [source]).kept[source]!
                shape = [n] + x.shape.dropFirst()
                scalars.append(contentsOf: x.scalars)
            }
            return Tensor(shape: shape, scalars: scalars)
        }
    }
}
