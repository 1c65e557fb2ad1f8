import Foundation
import Tensor
import NeuralNet
import Tasks

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
    var uniformStrategies: [(pair: UniformPair, strategy: Strategy)] {
        let layers = supernet.layers.count
        return description.weightCandidates.indices.flatMap { w in
            description.activationCandidates.indices.map { a in
                (UniformPair(weight: w, activation: a), Strategy.uniform(layers: layers, weight: w, activation: a).pinned(pins))
            }
        }
    }

    func name(_ pair: UniformPair?) -> String {
        pair.map { "uniform " + $0.name(weightCandidates: description.weightCandidates,
                                         activationCandidates: description.activationCandidates) } ?? "derived"
    }

    /// Derivation, guard, optional greedy refinement, test evaluation and the
    /// final snapshot; emits `.finished`.
    /// Returns `.snapshotNotWritten` if the final snapshot could not be saved.
    mutating func finish(emit: Emit) -> Outcome? {
        emit(.phase(.deriving))
        let tau = config.temperature(at: max(0, step - 1))
        let derived = supernet.derived(temperature: tau)
        let derivedObjective = calibrationObjective(derived)
        var best = DerivationPick(source: .derivedArgmax, uniform: nil, strategy: derived, objective: derivedObjective)
        let repaired = fitToBudget(derived, emit: emit)
        if let repaired { best = repaired }
        var bestUniform: DerivationPick?
        if config.guardAgainstUniform {
            // With a budget only the uniform strategies that fit it compete.
            for (pair, s) in uniformStrategies where constraint.map({ $0.fits($0.model.cost(s)) }) ?? true {
                let o = calibrationObjective(s)
                if bestUniform == nil || o < bestUniform!.objective {
                    bestUniform = DerivationPick(source: .bestUniform, uniform: pair, strategy: s, objective: o)
                }
            }
            if let u = bestUniform, u.objective < best.objective { best = u }
            emit(.message(String(format: "guard: derived objective %.5f, best uniform (%@) %.5f → keeping %@",
                                 derivedObjective, name(bestUniform?.uniform), bestUniform?.objective ?? .nan, name(best.uniform))))
        }
        if let c = constraint {
            let m = c.model.metric, cost = c.model.cost(best.strategy)
            emit(.message("budget \(m.format(c.target)): the strategy kept costs \(m.format(cost))" + (c.fits(cost) ? "" : ", \(m.format(cost - c.target)) over (the pins allow no less)")))
        }
        let guarded = best
        if config.greedyRefinement {
            let refined = greedyRefine(best.strategy, objective: best.objective, emit: emit)
            if refined.objective < best.objective {
                best = DerivationPick(source: .refinement, uniform: nil, strategy: refined.strategy, objective: refined.objective)
            }
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
        func report(_ kind: EvaluationKind, _ pick: DerivationPick, source: EvaluationKind? = nil) -> EvaluationReport {
            EvaluationReport(kind: kind, strategy: pick.strategy, source: source, uniform: pick.uniform,
                             metricName: task.metricName, value: metric(pick.strategy), calibrationObjective: pick.objective)
        }
        var reports = [EvaluationReport(kind: .float, metricName: task.metricName,
                                        value: task.evaluate(floatGraph, limit: config.evaluationLimit))]
        reports.append(report(.final, best, source: best.source))
        if let repaired, repaired.strategy != best.strategy { reports.append(report(.budgetRepair, repaired)) }
        if best.strategy != derived {
            reports.append(report(.derivedArgmax, DerivationPick(source: .derivedArgmax, uniform: nil, strategy: derived,
                                                                  objective: derivedObjective)))
        }
        if config.guardAgainstUniform && config.greedyRefinement && guarded.strategy != best.strategy {
            reports.append(report(.guardPick, guarded, source: guarded.source))
        }
        // The best uniform pair always gets its row (even when it is the final pick): it is what dqss must beat.
        if let u = bestUniform { reports.append(report(.bestUniform, u)) }
        for r in reports { emit(.evaluation(r)) }
        evaluations.append(contentsOf: reports)
        emit(.phase(.done))
        let failure = snapshotFailure(writing: snapshotURL, emit: emit)
        emit(.finished(SearchSummary(weightChoices: best.strategy.weight, activationChoices: best.strategy.activation,
                                     evaluations: reports, snapshotPath: failure == nil ? snapshotURL.relativePath : nil)))
        return failure
    }

    /// Tries every other candidate per layer and side (pins kept), keeping each
    /// change that lowers the calibration objective.
    func greedyRefine(_ start: Strategy, objective: Double, emit: Emit) -> (strategy: Strategy, objective: Double) {
        var current = start, currentObjective = objective
        for l in supernet.layers.indices {
            if pins[l]?.weight == nil {
                for w in description.weightCandidates.indices where w != current.weight[l] {
                    var s = current
                    s.weight[l] = w
                    guard affordable(s, from: current) else { continue }
                    let o = calibrationObjective(s)
                    if o < currentObjective { current = s; currentObjective = o }
                }
            }
            if pins[l]?.activation == nil {
                for a in description.activationCandidates.indices where a != current.activation[l] {
                    var s = current
                    s.activation[l] = a
                    guard affordable(s, from: current) else { continue }
                    let o = calibrationObjective(s)
                    if o < currentObjective { current = s; currentObjective = o }
                }
            }
            emit(.message(String(format: "refine: layer %d/%d, objective %.5f", l + 1, supernet.layers.count, currentObjective)))
        }
        return (current, currentObjective)
    }

    /// Whether refinement may move from `current` to `s`: within the budget, or no dearer.
    func affordable(_ s: Strategy, from current: Strategy) -> Bool {
        guard let c = constraint else { return true }
        let cost = c.model.cost(s)
        return c.fits(cost) || cost <= c.model.cost(current)
    }

    /// The argmax repaired to fit the budget (nil without one, or when it already fits and
    /// no upgrade helps); says what it did.
    func fitToBudget(_ derived: Strategy, emit: Emit) -> DerivationPick? {
        guard let c = constraint else { return nil }
        let repair = BudgetRepair(model: c.model, target: c.target, pins: pins,
                                  weightMethods: config.weightMethods.count, activationMethods: config.activationMethods.count)
        let r = repair.repair(derived, objective: calibrationObjective)
        let m = c.model.metric
        emit(.message("budget \(m.format(c.target)): argmax costs \(m.format(c.model.cost(derived))), "
                      + "\(r.moves) bit-width step(s) → \(m.format(r.cost)), objective \(String(format: "%.5f", r.objective))"))
        guard r.strategy != derived else { return nil }
        return DerivationPick(source: .budgetRepair, uniform: nil, strategy: r.strategy, objective: r.objective)
    }
}
