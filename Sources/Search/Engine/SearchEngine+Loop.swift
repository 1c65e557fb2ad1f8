import Foundation
import Tensor
import NeuralNet
import Tasks

extension SearchEngine {
    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        case finished
        case stopped
        case failed(String)
        /// The search ended but its final snapshot could not be written: the result is not saved.
        case snapshotNotWritten(path: String, reason: String)
    }

    /// Runs the search to the end (or until `.stop`), then derives, evaluates
    /// and writes the final snapshot. Emits exactly one terminal event.
    public mutating func run(mailbox: CommandMailbox, emit: Emit) -> Outcome {
        emit(.started(description))
        for l in supernet.layers.indices { emit(.calibratedRanges(ranges(layer: l))) }
        for (l, pin) in pins.sorted(by: { $0.key < $1.key }) { emit(.pinned(layer: l, pin: pin)) }
        emit(.phase(.searching))
        var stopped = false
        let start = Date()
        var stepsThisRun = 0
        var lastSnapshot = SnapshotClock(step: step, time: start)
        searchLoop: while step < config.steps {
            var paused = false
            repeat {
                for command in mailbox.drain() {
                    switch handle(command, emit: emit) {
                    case .pause: paused = true
                    case .resume: paused = false
                    case .stop: stopped = true; break searchLoop
                    case .none: break
                    }
                }
                if paused { Thread.sleep(forTimeInterval: 0.03) }
            } while paused
            let loss = searchStep()
            guard loss.isFinite else {
                emit(.failed(message: "the search loss became \(loss) at step \(step); the last snapshot is kept — lower --lr and resume from it"))
                return .failed("non-finite loss")
            }
            stepsThisRun += 1
            lossHistory.append(loss)
            let elapsed = Date().timeIntervalSince(start)
            emit(.step(StepReport(step: step, totalSteps: config.steps, phase: .searching, loss: loss, lossTerms: ["distill": loss],
                                  temperature: config.temperature(at: step - 1),
                                  probabilities: supernet.probabilities(temperature: config.temperature(at: step - 1)),
                                  stepsPerSecond: Double(stepsThisRun) / max(elapsed, 1e-9), elapsedSeconds: elapsed,
                                  budget: budgetReport)))
            if snapshotSchedule.isDue(step: step, lastStep: lastSnapshot.step, lastTime: lastSnapshot.time) {
                writeSnapshot(to: snapshotURL, emit: emit)
                lastSnapshot.record(step: step)
            }
        }
        if let failure = finish(emit: emit) { return failure }
        return stopped ? .stopped : .finished
    }

    public enum CommandEffect: Sendable { case pause, resume, stop, none }

    /// Applies one command between steps.
    public mutating func handle(_ command: SearchCommand, emit: Emit) -> CommandEffect {
        switch command {
        case .pause:
            emit(.paused)
            return .pause
        case .resume:
            emit(.resumed)
            return .resume
        case .stop:
            return .stop
        case .pin(let layer, let pin):
            guard supernet.layers.indices.contains(layer),
                  pin.weight.map({ description.weightCandidates.indices.contains($0) }) ?? true,
                  pin.activation.map({ description.activationCandidates.indices.contains($0) }) ?? true else {
                emit(.message("pin ignored: no layer \(layer) or no such candidate"))
                return .none
            }
            // The pin replaces the layer's pin: a nil side is left to the search.
            if pin.weight == nil && pin.activation == nil {
                return handle(.unpin(layer: layer), emit: emit)
            }
            pins[layer] = pin
            applyPin(layer)
            emit(.pinned(layer: layer, pin: pin))
            if let c = constraint, !c.fits(c.model.range(pins: pins).lowerBound) {
                let m = c.model.metric, cheapest = c.model.range(pins: pins).lowerBound
                emit(.message("pin on layer \(layer) makes the budget \(m.format(c.target)) unreachable: the cheapest strategy with the pins costs \(m.format(cheapest)), \(m.format(cheapest - c.target)) over; the search continues towards the closest feasible strategy"))
            }
        case .unpin(let layer):
            guard pins[layer] != nil else { return .none }
            pins[layer] = nil
            applyPin(layer)
            emit(.unpinned(layer: layer))
        case .snapshot(let path):
            let url = path.map { URL(fileURLWithPath: $0) }
                ?? snapshotURL.deletingPathExtension().appendingPathExtension("step\(step).json")
            writeSnapshot(to: url, emit: emit)
        case .evaluate:
            emit(.phase(.evaluating))
            var probe = supernet
            let strategy = supernet.derived(temperature: config.temperature(at: max(0, step - 1)))
            probe.apply(strategy)
            let value = task.evaluate(probe.graph, limit: config.evaluationLimit)
            let report = EvaluationReport(kind: .manual, strategy: strategy, step: step, metricName: task.metricName, value: value)
            evaluations.append(report)
            emit(.evaluation(report))
            emit(.phase(.searching))
        }
        return .none
    }

    /// Sets a layer's selections from its pin (soft where not pinned).
    mutating func applyPin(_ layer: Int) {
        let pin = pins[layer]
        supernet.select(layer: layer, weight: pin?.weight.map { .fixed($0) } ?? .soft,
                        activation: pin?.activation.map { .fixed($0) } ?? .soft)
    }

    /// One Adam step on the unpinned logits; returns the distillation loss.
    /// (The step counter advances; a non-finite loss leaves the logits untouched.)
    @discardableResult
    public mutating func searchStep() -> Float {
        let n = order.count
        let indices = (0..<min(config.batchSize, n)).map { order[(step * config.batchSize + $0) % n] }
        let batch = task.calibrationInputs.rows(indices)
        let target = teacher.rows(indices)
        let tau = config.temperature(at: step)
        let context = ExecutionContext(training: true, temperature: tau)
        let (output, tape) = supernet.graph.forwardForBackward(batch, context: context)
        let (loss, grad) = task.distillation(student: output, teacher: target)
        step += 1
        guard loss.isFinite else { return loss }
        var grads = supernet.graph.backward(tape, gradOutput: grad, wrt: Set(trainableLogits)).parameters
        if constraint != nil { addBudgetPenalty(to: &grads, temperature: tau) }
        optimizer.step(&supernet.graph.parameters, gradients: grads, lr: config.learningRate)
        return loss
    }

    /// Adds the Lagrangian penalty's gradient λ · ∂(E[cost]/target)/∂logits to the
    /// trainable logits' gradients, then moves λ by dual ascent on the step's
    /// expected cost. The penalty is scaled to the task gradient's norm, so λ
    /// is unitless (1: as strong as the task) and Adam's moments see one scale:
    /// a penalty orders of magnitude larger would fill Adam's second moment
    /// and mute the task's gradients for hundreds of steps after λ returns to 0.
    mutating func addBudgetPenalty(to grads: inout [String: Tensor], temperature tau: Float) {
        guard var c = constraint else { return }
        let p = supernet.probabilities(temperature: tau)
        let expected = c.model.expected(p)
        if c.multiplier.value > 0 {
            var penalty: [String: [Float]] = [:]
            for (l, g) in c.model.gradient(p, temperature: tau).enumerated() {
                penalty["\(supernet.layers[l]).weight_logits"] = g.weight
                penalty["\(supernet.layers[l]).act_logits"] = g.activation
            }
            let keys = grads.keys.filter { penalty[$0] != nil }
            let taskNorm = keys.reduce(Float(0)) { $0 + grads[$1]!.scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot()
            let costNorm = keys.reduce(Float(0)) { $0 + penalty[$1]!.reduce(0) { $0 + $1 * $1 } }.squareRoot()
            if costNorm > 0 && taskNorm > 0 {
                let scale = Float(c.multiplier.value) * taskNorm / costNorm
                for key in keys {
                    let g = grads[key]!
                    grads[key] = Tensor(shape: g.shape, scalars: zip(g.scalars, penalty[key]!).map { $0 + scale * $1 })
                }
            }
        }
        c.multiplier.update(expected: expected, target: c.target)
        constraint = c
        expectedCost = expected
    }

    /// The budget's state after the last step, for the step event.
    var budgetReport: BudgetReport? {
        guard let c = constraint, let expected = expectedCost else { return nil }
        return BudgetReport(metric: c.model.metric, expected: expected, target: c.target, multiplier: c.multiplier.value)
    }

    /// Logit parameters that the search updates (pinned sides excluded).
    var trainableLogits: [String] {
        supernet.layers.enumerated().flatMap { l, name -> [String] in
            var names: [String] = []
            if pins[l]?.weight == nil { names.append("\(name).weight_logits") }
            if pins[l]?.activation == nil { names.append("\(name).act_logits") }
            return names
        }
    }
}
