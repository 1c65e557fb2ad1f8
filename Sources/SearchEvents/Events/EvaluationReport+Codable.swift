extension EvaluationReport {
    enum CodingKeys: String, CodingKey {
        case kind, strategy, source, uniform, step, fineTuning, metricName, value, calibrationObjective
    }

    /// Recordings and snapshots written before reports had a kind carry only a label.
    enum LegacyKeys: String, CodingKey { case label }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metricName = try c.decode(String.self, forKey: .metricName)
        value = try c.decode(Double.self, forKey: .value)
        calibrationObjective = try c.decodeIfPresent(Double.self, forKey: .calibrationObjective)
        strategy = try c.decodeIfPresent(Strategy.self, forKey: .strategy)
        source = try c.decodeIfPresent(EvaluationKind.self, forKey: .source)
        uniform = try c.decodeIfPresent(UniformPair.self, forKey: .uniform)
        step = try c.decodeIfPresent(Int.self, forKey: .step)
        fineTuning = try c.decodeIfPresent(FineTuningStage.self, forKey: .fineTuning)
        if let kind = try c.decodeIfPresent(EvaluationKind.self, forKey: .kind) {
            self.kind = kind
        } else {
            let label = try decoder.container(keyedBy: LegacyKeys.self).decode(String.self, forKey: .label)
            (kind, step, fineTuning) = Self.legacy(label)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(strategy, forKey: .strategy)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(uniform, forKey: .uniform)
        try c.encodeIfPresent(step, forKey: .step)
        try c.encodeIfPresent(fineTuning, forKey: .fineTuning)
        try c.encode(metricName, forKey: .metricName)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(calibrationObjective, forKey: .calibrationObjective)
    }

    /// The kind a version-1 label stood for (the only place a label is read).
    static func legacy(_ label: String) -> (EvaluationKind, Int?, FineTuningStage?) {
        let stage: FineTuningStage? = label.hasSuffix("before fine-tuning") ? .before
            : label.hasSuffix("after fine-tuning") ? .after : nil
        if label == "fp" { return (.float, nil, nil) }
        if label.hasPrefix("derived@") { return (.manual, Int(label.dropFirst("derived@".count)), nil) }
        if label.hasPrefix("derived (argmax)") { return (.derivedArgmax, nil, stage) }
        if label.hasPrefix("after guard") { return (.guardPick, nil, stage) }
        if label.hasPrefix("best uniform") { return (.bestUniform, nil, stage) }
        if label.hasPrefix("uniform") { return (.uniformPair, nil, stage) }
        // "final (…)" and the first engine's "derived" were the returned strategy;
        // a QAT "final" before fine-tuning was the pick that fine-tuning then trained.
        return (stage == .before ? .guardPick : .final, nil, stage)
    }
}
