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
                                  stepsPerSecond: Double(stepsThisRun) / max(elapsed, 1e-9), elapsedSeconds: elapsed)))
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
        let context = ExecutionContext(training: true, temperature: config.temperature(at: step))
        let (output, tape) = supernet.graph.forwardForBackward(batch, context: context)
        let (loss, grad) = task.distillation(student: output, teacher: target)
        step += 1
        guard loss.isFinite else { return loss }
        let grads = supernet.graph.backward(tape, gradOutput: grad, wrt: Set(trainableLogits)).parameters
        optimizer.step(&supernet.graph.parameters, gradients: grads, lr: config.learningRate)
        return loss
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
