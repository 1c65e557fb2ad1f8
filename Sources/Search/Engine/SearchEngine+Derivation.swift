import Foundation
import Tensor
import NeuralNet

extension SearchEngine {
    /// Mean distillation objective of a fixed strategy on the guard images
    /// (forward passes only).
    func calibrationObjective(_ strategy: Strategy) -> Double {
        var net = supernet
        net.apply(strategy)
        let n = min(config.guardImages > 0 ? config.guardImages : order.count, task.calibrationInputs.shape[0])
        var total: Double = 0
        let batch = 256
        for lo in stride(from: 0, to: n, by: batch) {
            let idx = Array(lo..<min(n, lo + batch))
            let out = net.graph.forward(task.calibrationInputs.rows(idx)).output
            let loss = task.distillation(student: out, teacher: teacher.rows(idx)).loss
            total += Double(loss) * Double(idx.count)
        }
        return total / Double(max(1, n))
    }

    /// Every uniform (weight method, activation method) pair, with the user's pins kept.
    var uniformStrategies: [(label: String, strategy: Strategy)] {
        var result: [(String, Strategy)] = []
        let layers = supernet.layers.count
        for (w, wm) in config.weightMethods.enumerated() {
            for (a, am) in config.activationMethods.enumerated() {
                result.append(("uniform \(wm.rawValue)/\(am.rawValue)",
                               Strategy.uniform(layers: layers, weight: w, activation: a).pinned(pins)))
            }
        }
        return result
    }

    /// Derivation, guard, optional greedy refinement, test evaluation and the
    /// final snapshot; emits `.finished`.
    mutating func finish(emit: Emit) {
        emit(.phase(.deriving))
        let tau = config.temperature(at: max(0, step - 1))
        let derived = supernet.derived(temperature: tau)
        let derivedObjective = calibrationObjective(derived)
        var best = (label: "derived", strategy: derived, objective: derivedObjective)
        var bestUniform: (label: String, strategy: Strategy, objective: Double)?
        if config.guardAgainstUniform {
            for (label, s) in uniformStrategies {
                let o = calibrationObjective(s)
                if bestUniform == nil || o < bestUniform!.objective { bestUniform = (label, s, o) }
            }
            if let u = bestUniform, u.objective < best.objective { best = (u.label, u.strategy, u.objective) }
            emit(.message(String(format: "guard: derived objective %.5f, best uniform (%@) %.5f → keeping %@",
                                 derivedObjective, bestUniform?.label ?? "-", bestUniform?.objective ?? .nan, best.label)))
        }
        let guarded = best
        if config.greedyRefinement {
            let refined = greedyRefine(best.strategy, objective: best.objective, emit: emit)
            if refined.objective < best.objective { best = ("refined", refined.strategy, refined.objective) }
        }
        final = best.strategy
        emit(.phase(.evaluating))
        // Each stage's strategy on the test split (each distinct one evaluated
        // once), so a run reports what annealing, the guard and refinement
        // each contributed.
        var measured: [Strategy: Double] = [:]
        func metric(_ strategy: Strategy) -> Double {
            if let v = measured[strategy] { return v }
            var net = supernet
            net.apply(strategy)
            let v = task.evaluate(net.graph, limit: config.evaluationLimit)
            measured[strategy] = v
            return v
        }
        func report(_ label: String, _ strategy: Strategy, _ objective: Double) -> EvaluationReport {
            EvaluationReport(label: label, metricName: task.metricName, value: metric(strategy), calibrationObjective: objective)
        }
        var reports = [EvaluationReport(label: "fp", metricName: task.metricName,
                                        value: task.evaluate(floatGraph, limit: config.evaluationLimit))]
        reports.append(report("final (\(best.label))", best.strategy, best.objective))
        if best.strategy != derived { reports.append(report("derived (argmax)", derived, derivedObjective)) }
        if config.guardAgainstUniform && config.greedyRefinement && guarded.strategy != best.strategy {
            reports.append(report("after guard (\(guarded.label))", guarded.strategy, guarded.objective))
        }
        if let u = bestUniform, u.strategy != best.strategy {
            reports.append(report("best \(u.label)", u.strategy, u.objective))
        }
        for r in reports { emit(.evaluation(r)) }
        evaluations.append(contentsOf: reports)
        emit(.phase(.done))
        let written = writeSnapshot(to: snapshotURL, emit: emit)
        emit(.finished(SearchSummary(weightChoices: best.strategy.weight, activationChoices: best.strategy.activation,
                                     evaluations: reports, snapshotPath: written ? snapshotURL.path : nil)))
    }

    /// Tries every other candidate per layer and side (pins kept), keeping each
    /// change that lowers the calibration objective.
    func greedyRefine(_ start: Strategy, objective: Double, emit: Emit) -> (strategy: Strategy, objective: Double) {
        var current = start, currentObjective = objective
        for l in supernet.layers.indices {
            if pins[l]?.weight == nil {
                for w in config.weightMethods.indices where w != current.weight[l] {
                    var s = current
                    s.weight[l] = w
                    let o = calibrationObjective(s)
                    if o < currentObjective { current = s; currentObjective = o }
                }
            }
            if pins[l]?.activation == nil {
                for a in config.activationMethods.indices where a != current.activation[l] {
                    var s = current
                    s.activation[l] = a
                    let o = calibrationObjective(s)
                    if o < currentObjective { current = s; currentObjective = o }
                }
            }
            emit(.message(String(format: "refine: layer %d/%d, objective %.5f", l + 1, supernet.layers.count, currentObjective)))
        }
        return (current, currentObjective)
    }
}
