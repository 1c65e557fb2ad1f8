import Foundation
import Tensor
import NeuralNet
import Tasks
import Quantization

/// Quantization-aware DQSS: weights, quantizer parameters and architecture
/// logits all train from one forward and one backward pass per step (SGD for
/// the weights and quantizers, Adam for the logits). Phases: warm-up (logits
/// frozen at the uniform mixture, so the weights first fit the quantizers),
/// search (annealed softmax), derivation (argmax), fine-tuning of the derived
/// strategy, and evaluation before and after fine-tuning.
///
/// With `fixed` set it trains one strategy for the same number of steps
/// instead: the uniform QAT baselines.
public struct QATSearch: Sendable {
    public typealias Emit = SearchEngine.Emit

    public let config: SearchConfiguration
    let task: any TrainableTask
    let teacher: Graph
    /// SHA-256 of the float model's weights (before folding), as the post-training engine records it.
    let fingerprint: String
    public internal(set) var graph: Graph
    public let layers: [String]
    let fixed: Strategy?
    /// The fixed strategy in force: `fixed`, or the derived one once fine-tuning starts.
    var chosen: Strategy?
    var pins: [Int: LayerPin] = [:]
    var weightOptimizer: SGD
    var logitOptimizer = Adam()
    public internal(set) var step = 0
    var lossHistory: [Float] = []
    /// What the derivation at the start of fine-tuning kept, and its reports.
    var fineTunePick: (pick: DerivationPick, reports: [EvaluationReport])?
    let description: SearchDescription
    let snapshotURL: URL
    /// Periodic snapshots to `snapshotURL` while training.
    public var snapshotSchedule = SnapshotSchedule.never

    public var totalSteps: Int { config.warmupSteps + config.steps + config.fineTuneSteps }

    /// `resume` continues a snapshot of this search; its sidecar (checked
    /// against the snapshot's record) supplies the trained tensors.
    public init(config: SearchConfiguration, model: Graph, task: any TrainableTask, snapshotURL: URL,
                fixed: Strategy? = nil, resume: (snapshot: SearchSnapshot, url: URL)? = nil) throws {
        var folded = model
        try folded.foldBatchNorms()
        teacher = folded
        fingerprint = model.weightsFingerprint
        self.config = config
        self.task = task
        self.fixed = fixed
        chosen = fixed
        self.snapshotURL = snapshotURL
        let names = PTQCalibration.quantizableLayers(folded)
        layers = names
        // Activation quantizers start from the float model's activations on a calibration batch.
        let sample = task.calibrationInputs.rows(Array(0..<min(256, task.calibrationInputs.shape[0])))
        let inputs = folded.forward(sample, keep: Set(names.map { folded.node(named: $0)!.inputs[0] })).kept
        var g = folded
        var generator = SeededGenerator(seed: config.seed)
        for (index, name) in names.enumerated() {
            let node = g.node(named: name)!
            let layer = QuantizableLayer(node.op)!
            let edge = config.firstAndLastAt8Bits && (index == 0 || index == names.count - 1)
            let wBits = edge ? 8 : config.bits.weight, aBits = edge ? 8 : config.bits.activation
            let w = g.parameters["\(name).weight"]!
            var op = QATLayerOp(layer: layer, hasBias: g.parameters["\(name).bias"] != nil,
                                weightQuantizers: config.qatWeightMethods.map { $0.makeWeightQuantizer(bits: wBits, weights: w, perChannel: config.perChannelWeights && layer.weightChannelAxis == 0) },
                                activationQuantizers: config.qatActivationMethods.map { $0.makeActivationQuantizer(bits: aBits, sample: inputs[node.inputs[0]]!) })
            if let fixed {
                op.weightSelection = .fixed(fixed.weight[index])
                op.activationSelection = .fixed(fixed.activation[index])
            }
            try g.replaceOp(of: name, with: op, generator: &generator)
            for (k, v) in op.initialQuantizerParameters { g.parameters["\(name).\(k)"] = v }
        }
        graph = g
        weightOptimizer = SGD(momentum: 0.9, nesterov: true, weightDecay: 0)
        description = SearchDescription(
            model: config.model, mode: .qat, weightBits: config.bits.weight, activationBits: config.bits.activation,
            layers: names.map { name in
                let node = folded.node(named: name)!
                let layer = QuantizableLayer(node.op)!
                return LayerInfo(name: name, kind: layer.kind, weightShape: layer.weightShape, inputShape: folded.shapes[node.inputs[0]]!)
            },
            weightCandidates: config.qatWeightMethods.map(\.rawValue), activationCandidates: config.qatActivationMethods.map(\.rawValue),
            totalSteps: config.warmupSteps + config.steps + config.fineTuneSteps, metricName: task.metricName)
        if let resume { try restore(resume.snapshot, url: resume.url) }
    }

    func op(_ l: Int) -> QATLayerOp { graph.node(named: layers[l])!.op as! QATLayerOp }

    mutating func setOp(_ l: Int, _ op: QATLayerOp) {
        var generator = SeededGenerator(seed: 0)
        try! graph.replaceOp(of: layers[l], with: op, generator: &generator)
    }

    public func probabilities(temperature: Float) -> [LayerProbabilities] {
        layers.indices.map { l in
            let (w, a) = op(l).probabilities(graph.parameters(ofNode: layers[l]), temperature: temperature)
            return LayerProbabilities(weight: w, activation: a)
        }
    }

    public func derived(temperature: Float) -> Strategy {
        let p = probabilities(temperature: temperature)
        return Strategy(weight: p.map { Supernet.argmax($0.weight) }, activation: p.map { Supernet.argmax($0.activation) })
    }

    /// Fixes every layer to `strategy` (fine-tuning) or returns unpinned sides to the mixture.
    mutating func select(_ strategy: Strategy?) {
        for l in layers.indices {
            var o = op(l)
            o.weightSelection = (pins[l]?.weight ?? strategy?.weight[l]).map { .fixed($0) } ?? .soft
            o.activationSelection = (pins[l]?.activation ?? strategy?.activation[l]).map { .fixed($0) } ?? .soft
            setOp(l, o)
        }
    }

    /// Phase and temperature of a step.
    func phase(at s: Int) -> SearchPhase {
        if fixed != nil { return .fineTuning }
        if s < config.warmupSteps { return .warmup }
        if s < config.warmupSteps + config.steps { return .searching }
        return .fineTuning
    }

    func temperature(at s: Int) -> Float {
        config.temperature(at: min(max(0, s - config.warmupSteps), config.steps - 1))
    }

    /// Argmax of the annealed mixture, then (with the guard on) the best of it
    /// and every uniform pair on the calibration objective, scored on the
    /// weights as the search left them. Returns the pick and the test metrics
    /// of the argmax, the pick and the best uniform pair on those weights
    /// (marked "before fine-tuning" when fine-tuning follows).
    mutating func derive(fineTuningFollows: Bool, emit: Emit) -> (pick: DerivationPick, reports: [EvaluationReport]) {
        // The float model's outputs on the guard images, once for every strategy scored.
        let n = min(config.guardImages > 0 ? config.guardImages : task.calibrationInputs.shape[0],
                    task.calibrationInputs.shape[0])
        let images = task.calibrationInputs.rows(Array(0..<n))
        let target = teacher.forward(images).output
        let argmax = derived(temperature: temperature(at: step - 1)).pinned(pins)
        let argmaxPick = DerivationPick(source: .derivedArgmax, uniform: nil, strategy: argmax,
                                        objective: calibrationObjective(argmax, images: images, target: target))
        var best = argmaxPick
        var bestUniform: DerivationPick?
        if config.guardAgainstUniform {
            for w in config.qatWeightMethods.indices {
                for a in config.qatActivationMethods.indices {
                    let s = Strategy.uniform(layers: layers.count, weight: w, activation: a).pinned(pins)
                    let o = calibrationObjective(s, images: images, target: target)
                    if bestUniform == nil || o < bestUniform!.objective {
                        bestUniform = DerivationPick(source: .bestUniform, uniform: UniformPair(weight: w, activation: a), strategy: s, objective: o)
                    }
                }
            }
            if let u = bestUniform, u.objective < best.objective { best = u }
            let kept = best.uniform.map { "uniform " + $0.name(weightCandidates: config.qatWeightMethods.map(\.rawValue),
                                                               activationCandidates: config.qatActivationMethods.map(\.rawValue)) } ?? "derived"
            emit(.message(String(format: "guard: derived objective %.5f → keeping %@ (%.5f)",
                                 argmaxPick.objective, kept, best.objective)))
        }
        var measured: [Strategy: Double] = [:]
        let stage: FineTuningStage? = fineTuningFollows ? .before : nil
        func report(_ kind: EvaluationKind, _ pick: DerivationPick, source: EvaluationKind? = nil) -> EvaluationReport {
            if measured[pick.strategy] == nil {
                select(pick.strategy)
                measured[pick.strategy] = task.evaluate(graph, limit: config.evaluationLimit)
            }
            return EvaluationReport(kind: kind, strategy: pick.strategy, source: source, uniform: pick.uniform, fineTuning: stage,
                                    metricName: task.metricName, value: measured[pick.strategy]!, calibrationObjective: pick.objective)
        }
        var reports: [EvaluationReport] = []
        if stage == nil {
            if best.strategy != argmax { reports.append(report(.derivedArgmax, argmaxPick)) }
            reports.append(report(.final, best, source: best.source))
        } else {
            reports.append(report(.derivedArgmax, argmaxPick))
            if best.strategy != argmax { reports.append(report(.guardPick, best, source: best.source)) }
        }
        if let u = bestUniform { reports.append(report(.bestUniform, u)) }
        return (best, reports)
    }

    /// Mean distillation loss of `strategy` to the float model's `target`
    /// outputs on `images` (forward passes only; the ops are left selecting `strategy`).
    mutating func calibrationObjective(_ strategy: Strategy, images: Tensor, target: Tensor) -> Double {
        select(strategy)
        let n = images.shape[0]
        var total: Double = 0
        for lo in stride(from: 0, to: n, by: 256) {
            let idx = Array(lo..<min(n, lo + 256))
            let loss = task.distillation(student: graph.forward(images.rows(idx)).output, teacher: target.rows(idx)).loss
            total += Double(loss) * Double(idx.count)
        }
        return total / Double(max(1, n))
    }

    /// Runs every phase; emits exactly one terminal event.
    public mutating func run(mailbox: CommandMailbox, emit: Emit) -> SearchEngine.Outcome {
        emit(.started(description))
        let start = Date()
        let schedule = LearningRateSchedule.cosine(base: config.weightLearningRate, totalSteps: totalSteps, minimum: 0)
        let batchesPerEpoch = task.trainingBatchesPerEpoch(batchSize: config.batchSize)
        var current: (any IteratorProtocol<TrainingBatch>)?
        var epoch = -1
        // A resumed run continues in its phase and mid-epoch, as if never interrupted.
        var lastPhase: SearchPhase? = step > 0 ? phase(at: step - 1) : nil
        var skipBatches = step % batchesPerEpoch
        var paused = false
        var stopped = false
        var lastSnapshot = SnapshotClock(step: step, time: start)
        while step < totalSteps && !stopped {
            repeat {
                for command in mailbox.drain() {
                    switch command {
                    case .pause: paused = true; emit(.paused)
                    case .resume: paused = false; emit(.resumed)
                    case .stop: stopped = true
                    case .pin(let l, let pin) where layers.indices.contains(l):
                        pins[l] = (pin.weight == nil && pin.activation == nil) ? nil : pin
                        select(chosen)
                        emit(pins[l] == nil ? .unpinned(layer: l) : .pinned(layer: l, pin: pin))
                    case .unpin(let l):
                        pins[l] = nil
                        select(chosen)
                        emit(.unpinned(layer: l))
                    case .snapshot(let path):
                        writeSnapshot(to: path.map { URL(fileURLWithPath: $0) } ?? snapshotURL, final: nil,
                                      evaluations: fineTunePick?.reports ?? [], emit: emit)
                    case .evaluate:
                        emit(.message("evaluation runs at the end of a quantization-aware search"))
                    case .pin:
                        emit(.message("pin ignored: no such layer"))
                    }
                }
                if paused && !stopped { Thread.sleep(forTimeInterval: 0.03) }
            } while paused && !stopped
            if stopped { break }
            let phase = phase(at: step)
            if phase != lastPhase {
                if phase == .fineTuning && fixed == nil {
                    let pick = derive(fineTuningFollows: true, emit: emit)
                    fineTunePick = pick
                    for r in pick.reports { emit(.evaluation(r)) }
                    chosen = pick.pick.strategy
                    select(pick.pick.strategy)
                }
                emit(.phase(phase))
                lastPhase = phase
            }
            if step / batchesPerEpoch != epoch || current == nil {
                epoch = step / batchesPerEpoch
                current = task.trainingBatches(batchSize: config.batchSize, seed: config.seed, epoch: epoch)
                while skipBatches > 0 { _ = current!.next(); skipBatches -= 1 }
            }
            guard let batch = current!.next() else { current = nil; continue }
            let terms = trainStep(batch, lr: schedule.rate(at: step), phase: phase)
            let loss = terms.values.reduce(0, +)
            guard loss.isFinite else {
                emit(.failed(message: "the QAT loss became \(loss) at step \(step + 1); lower --weight-lr"))
                return .failed("non-finite loss")
            }
            step += 1
            lossHistory.append(loss)
            let elapsed = Date().timeIntervalSince(start)
            emit(.step(StepReport(step: step, totalSteps: totalSteps, phase: phase, loss: loss, lossTerms: terms,
                                  temperature: temperature(at: step - 1), probabilities: probabilities(temperature: temperature(at: step - 1)),
                                  stepsPerSecond: Double(step) / max(elapsed, 1e-9), elapsedSeconds: elapsed)))
            if snapshotSchedule.isDue(step: step, lastStep: lastSnapshot.step, lastTime: lastSnapshot.time) {
                writeSnapshot(to: snapshotURL, final: nil, evaluations: [], emit: emit)
                lastSnapshot.record(step: step)
            }
        }
        emit(.phase(.evaluating))
        var reports = [EvaluationReport(kind: .float, metricName: task.metricName, value: task.evaluate(teacher, limit: config.evaluationLimit))]
        let final: Strategy
        if let fixed {
            final = fixed
            reports.append(EvaluationReport(kind: .uniformPair, strategy: fixed,
                                            uniform: UniformPair(weight: fixed.weight[0], activation: fixed.activation[0]),
                                            metricName: task.metricName, value: task.evaluate(graph, limit: config.evaluationLimit)))
        } else if let (pick, before) = fineTunePick {
            // Derived when fine-tuning began (possibly stopped during it).
            final = pick.strategy
            reports.append(contentsOf: before)
            reports.append(EvaluationReport(kind: .final, strategy: pick.strategy, source: pick.source, uniform: pick.uniform,
                                            fineTuning: .after, metricName: task.metricName,
                                            value: task.evaluate(graph, limit: config.evaluationLimit)))
        } else {
            // No fine-tuning phase (none configured, or stopped before it): derive now.
            let (pick, derivedReports) = derive(fineTuningFollows: false, emit: emit)
            final = pick.strategy
            select(final)
            reports.append(contentsOf: derivedReports)
        }
        for r in reports { emit(.evaluation(r)) }
        emit(.phase(.done))
        let failure = snapshotFailure(writing: snapshotURL, final: final, evaluations: reports, emit: emit)
        emit(.finished(SearchSummary(weightChoices: final.weight, activationChoices: final.activation,
                                     evaluations: reports, snapshotPath: failure == nil ? snapshotURL.relativePath : nil)))
        if let failure { return failure }
        return stopped ? .stopped : .finished
    }

    /// One forward and one backward: task loss + distillation (+ PACT's penalty);
    /// SGD on weights and quantizer parameters, Adam on the logits while searching.
    mutating func trainStep(_ batch: TrainingBatch, lr: Float, phase: SearchPhase) -> [String: Float] {
        let context = ExecutionContext(training: true, temperature: temperature(at: step))
        let (output, tape) = graph.forwardForBackward(batch.inputs, context: context)
        let target = teacher.forward(batch.inputs).output
        let (ce, dCE) = task.taskLoss(output: output, batch: batch)
        let (kl, dKL) = task.distillation(student: output, teacher: target)
        var grad = dCE
        grad.addScaled(dKL)
        var weightNames: [String] = [], logitNames: [String] = []
        for (l, name) in layers.enumerated() {
            for spec in op(l).parameterSpecs {
                let full = "\(name).\(spec.name)"
                if spec.name == "weight_logits" {
                    if phase == .searching && pins[l]?.weight == nil { logitNames.append(full) }
                } else if spec.name == "act_logits" {
                    if phase == .searching && pins[l]?.activation == nil { logitNames.append(full) }
                } else {
                    weightNames.append(full)
                }
            }
        }
        var grads = graph.backward(tape, gradOutput: grad, wrt: Set(weightNames + logitNames)).parameters
        // PACT: L2 penalty λ·α² on every PACT clip.
        var penalty: Float = 0
        for (l, name) in layers.enumerated() {
            let o = op(l)
            for (j, q) in o.weightQuantizers.enumerated() where q is PACTQuantizer {
                penalty += addPenalty("\(name).wq\(j)", &grads)
            }
            for (i, q) in o.activationQuantizers.enumerated() where q is PACTQuantizer {
                penalty += addPenalty("\(name).aq\(i)", &grads)
            }
        }
        weightOptimizer.step(&graph.parameters, gradients: grads.filter { !logitNames.contains($0.key) }, lr: lr)
        if !logitNames.isEmpty {
            logitOptimizer.step(&graph.parameters, gradients: grads.filter { logitNames.contains($0.key) }, lr: config.learningRate)
        }
        // Keep learned clips and steps positive.
        for name in weightNames where name.contains(".wq") || name.contains(".aq") {
            if var t = graph.parameters[name] {
                t.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = max(p[i], 1e-6) } }
                graph.parameters[name] = t
            }
        }
        var terms: [String: Float] = ["task": ce, "distill": kl]
        if penalty > 0 { terms["pact-l2"] = penalty }
        return terms
    }

    func addPenalty(_ name: String, _ grads: inout [String: Tensor]) -> Float {
        guard let alpha = graph.parameters[name] else { return 0 }
        let lambda = config.pactPenalty
        var g = grads[name] ?? Tensor(zeros: alpha.shape)
        g.addScaled(alpha, alpha: 2 * lambda)
        grads[name] = g
        return lambda * alpha.scalars.reduce(0) { $0 + $1 * $1 }
    }

    @discardableResult
    func writeSnapshot(to url: URL, final: Strategy?, evaluations: [EvaluationReport], emit: Emit) -> Bool {
        snapshotFailure(writing: url, final: final, evaluations: evaluations, emit: emit) == nil
    }

    /// Writes a snapshot; on failure emits a message and returns `.snapshotNotWritten`.
    func snapshotFailure(writing url: URL, final: Strategy?, evaluations: [EvaluationReport],
                         emit: Emit) -> SearchEngine.Outcome? {
        let tau = temperature(at: max(0, step - 1))
        let p = probabilities(temperature: tau)
        var snapshot = SearchSnapshot(
            model: config.model, weightsSHA256: fingerprint, configuration: config, step: step, temperature: tau,
            weightCandidates: description.weightCandidates, activationCandidates: description.activationCandidates,
            layers: layers.enumerated().map { l, name in
                SearchSnapshot.LayerState(name: name, weightLogits: graph.parameters["\(name).weight_logits"]!.scalars,
                                          activationLogits: graph.parameters["\(name).act_logits"]!.scalars,
                                          probabilities: p[l], pin: pins[l], candidates: nil)
            },
            derived: derived(temperature: tau), final: final, optimizerState: [:], lossHistory: lossHistory,
            evaluations: evaluations, finished: final != nil)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // The sidecar first: a snapshot never names a file that is not there.
            snapshot.sidecar = try SnapshotSidecar.write(trainedTensors, metadata: ["model": config.model, "step": String(step)],
                                                         besides: url)
            try snapshot.write(to: url)
            emit(.snapshotWritten(path: url.relativePath))
            return nil
        } catch {
            emit(.message("snapshot not written: \(error.localizedDescription)"))
            return .snapshotNotWritten(path: url.path, reason: SnapshotError.cause(of: error))
        }
    }
}
