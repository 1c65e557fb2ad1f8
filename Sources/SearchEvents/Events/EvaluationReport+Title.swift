extension EvaluationReport {
    /// The row title front ends show, e.g. "final (refined)", "best uniform mse/kl",
    /// "derived @ step 40", "derived (argmax), before fine-tuning".
    public func title(weightCandidates: [String], activationCandidates: [String]) -> String {
        let pair = uniform.map { $0.name(weightCandidates: weightCandidates, activationCandidates: activationCandidates) }
        var title: String
        switch kind {
        case .float: title = "float"
        case .derivedArgmax: title = "derived (argmax)"
        case .guardPick: title = "guard pick (\(Self.origin(source, pair)))"
        case .budgetRepair: title = "argmax fitted to budget"
        case .refinement: title = "greedy refinement"
        case .final: title = "final (\(Self.origin(source, pair)))"
        case .bestUniform: title = "best uniform " + (pair ?? "pair")
        case .manual: title = "derived @ step " + (step.map(String.init) ?? "?")
        case .uniformPair: title = "uniform " + (pair ?? "pair")
        }
        switch fineTuning {
        case .before?: title += ", before fine-tuning"
        case .after?: title += ", fine-tuned"
        case nil: break
        }
        return title
    }

    /// Where a kept strategy came from, in words.
    static func origin(_ source: EvaluationKind?, _ pair: String?) -> String {
        switch source {
        case .refinement?: return "refined"
        case .budgetRepair?: return "fitted to budget"
        case .bestUniform?, .uniformPair?: return "uniform " + (pair ?? "pair")
        case .derivedArgmax?, .manual?: return "argmax"
        case .guardPick?: return "guard pick"
        case .float?, .final?, nil: return pair.map { "uniform " + $0 } ?? "argmax"
        }
    }
}
