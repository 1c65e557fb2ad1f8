import Foundation
import Tensor
import NeuralNet
import Quantization
import Tasks

/// The DQSS post-training search: calibrate every candidate once, learn the
/// per-layer architecture logits by distillation with an annealed softmax,
/// derive, guard against the uniform strategies, evaluate.
///
/// A plain value driven by one task (`SearchSession` runs it off the UI's
/// thread); it talks to the world only through `emit` and the mailbox.
public struct SearchEngine: Sendable {
    public typealias Emit = @Sendable (SearchEvent) -> Void

    public let config: SearchConfiguration
    let task: any SearchTask
    /// The float model with batch norm folded: the teacher.
    let floatGraph: Graph
    let fingerprint: String
    public internal(set) var supernet: Supernet
    let candidates: [String: LayerCandidates]
    /// Teacher outputs on the calibration set.
    let teacher: Tensor
    /// Calibration sample order (seeded).
    let order: [Int]
    var optimizer = Adam()
    public internal(set) var pins: [Int: LayerPin] = [:]
    public internal(set) var step = 0
    var lossHistory: [Float] = []
    var evaluations: [EvaluationReport] = []
    var final: Strategy?
    let description: SearchDescription
    let snapshotURL: URL
    /// Periodic snapshots to `snapshotURL` while searching.
    public var snapshotSchedule = SnapshotSchedule.never
    /// The budget and its multiplier (mixed precision with `--budget`).
    public internal(set) var constraint: BudgetConstraint?
    /// The expected cost under the probabilities of the last step, in the budget's metric.
    public internal(set) var expectedCost: Double?

    /// Calibrates (or restores from `resume`) and builds the supernet.
    /// `model` is the trained float graph (batch norm not yet folded).
    /// `candidates` replaces calibration with given candidate quantizers per layer.
    /// `reconstructionCache` keeps learned roundings between runs.
    public init(config: SearchConfiguration, model: Graph, task: any SearchTask, snapshotURL: URL,
                resume: SearchSnapshot? = nil, candidates given: [String: LayerCandidates]? = nil,
                reconstructionCache: ReconstructionCache? = nil, emit: Emit) throws {
        var config = config
        var folded = model
        try folded.foldBatchNorms()
        fingerprint = model.weightsFingerprint
        if let resume {
            guard resume.model == config.model else {
                throw SnapshotError.otherModel(path: snapshotURL.path, snapshotModel: resume.model, model: config.model)
            }
            guard resume.weightsSHA256 == fingerprint else { throw SnapshotError.otherWeights(path: snapshotURL.path) }
        }
        self.task = task
        self.floatGraph = folded
        self.snapshotURL = snapshotURL
        let layerNames = PTQCalibration.quantizableLayers(folded)
        emit(.phase(.calibrating))
        if let resume {
            candidates = Dictionary(uniqueKeysWithValues: resume.layers.compactMap { l in l.candidates.map { (l.name, $0) } })
        } else if let given {
            candidates = given
        } else {
            if config.bitPolicy.choices.weight.count > 1 && config.weightMethods.contains(where: { $0.rounding == .adaround }) {
                throw MixedPrecisionError.learnedRoundingWithSeveralBitWidths
            }
            if let budget = config.budget {
                // Refused before calibration: the policy gives every slot's bits.
                let policy = config.bitPolicy, n = layerNames.count
                _ = try BudgetConstraint(budget: budget, model: CostModel(
                    graph: folded, layers: layerNames,
                    weightBits: (0..<n).map { policy.weightBits(layer: $0, of: n, methods: config.weightMethods.count) },
                    activationBits: (0..<n).map { policy.activationBits(layer: $0, of: n, methods: config.activationMethods.count) },
                    metric: budget.metric))
            }
            let calibration = PTQCalibration(weightMethods: config.weightMethods, activationMethods: config.activationMethods,
                                             policy: config.bitPolicy, perChannelWeights: config.perChannelWeights)
            let calibrated = calibration.calibrate(folded, images: task.calibrationInputs) { done, total in
                emit(.calibration(done: done, total: total))
            }
            let rounding = LearnedRounding(settings: config.learnedRounding ?? LearnedRoundingSettings(), cache: reconstructionCache)
            let learned = try rounding.apply(calibrated, methods: config.weightMethods, graph: folded, images: task.calibrationInputs,
                                             model: fingerprint) { emit(.message($0)) }
            candidates = learned.candidates
            // Diverged candidates are gone: the configuration names the ones searched.
            config.weightMethods = learned.methods
        }
        self.config = config
        if let budget = config.budget {
            constraint = try BudgetConstraint(budget: budget,
                                              model: CostModel(graph: folded, layers: layerNames, candidates: candidates, metric: budget.metric),
                                              stepSize: config.budgetStepSize ?? LagrangeMultiplier.defaultStepSize)
        }
        supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
        teacher = folded.forward(task.calibrationInputs).output
        var rng = SeededGenerator(seed: config.seed ^ 0x5EA2C4)
        var o = Array(0..<task.calibrationInputs.shape[0])
        for i in stride(from: o.count - 1, to: 0, by: -1) { o.swapAt(i, rng.nextInt(below: i + 1)) }
        order = o
        var described = SearchDescription(
            model: config.model, mode: config.mode, weightBits: config.bits.weight, activationBits: config.bits.activation,
            layers: layerNames.map { name in
                let node = folded.node(named: name)!
                let layer = QuantizableLayer(node.op)!
                return LayerInfo(name: name, kind: layer.kind, weightShape: layer.weightShape,
                                 inputShape: folded.shapes[node.inputs[0]]!)
            },
            weightCandidates: Self.candidateNames(config.weightCandidateNames, count: candidates[layerNames[0]]?.weight.count),
            activationCandidates: Self.candidateNames(config.activationCandidateNames, count: candidates[layerNames[0]]?.activation.count),
            totalSteps: config.steps, metricName: task.metricName)
        if let choices = config.bitChoices {
            described.weightBitChoices = choices.weight
            described.activationBitChoices = choices.activation
        }
        description = described
        if let resume { try restore(resume) }
    }

    /// Method names, or "c0", "c1"… when candidates were given directly.
    static func candidateNames(_ names: [String], count: Int?) -> [String] {
        guard let count, count != names.count else { return names }
        return (0..<count).map { "c\($0)" }
    }

    /// Calibrated clip range of every candidate of a layer (weights: widest channel).
    func ranges(layer l: Int) -> LayerRanges {
        let c = candidates[supernet.layers[l]]!
        func summary(_ p: QuantParams, _ name: String) -> CandidateRange {
            CandidateRange(candidate: name, low: p.clipLow.min() ?? 0, high: p.clipHigh.max() ?? 0)
        }
        return LayerRanges(layer: l,
                           weight: zip(c.weight, description.weightCandidates).map { summary($0, $1) },
                           activation: zip(c.activation, description.activationCandidates).map { summary($0, $1) })
    }
}
