import Foundation
import SearchEvents
import Search

/// The report of one search as a single self-contained HTML page (inline CSS
/// and SVG, no script, nothing fetched), and its charts as separate SVG files.
/// Charts are drawn here in a few hundred lines: a library would have to be
/// inlined into every page to keep it offline, for three kinds of chart.
public struct SearchReport {
    public let snapshot: SearchSnapshot
    public let snapshotPath: String
    /// An events recording of the same search (`--events`), for the curves over steps.
    public let recording: [SearchEvent]?

    public init(snapshot: SearchSnapshot, snapshotPath: String, recording: [SearchEvent]? = nil) {
        self.snapshot = snapshot
        self.snapshotPath = snapshotPath
        self.recording = recording
    }

    /// The snapshot's evaluations folded as the TUI folds them, so the page
    /// shows the rows and differences the results view shows.
    var model: SearchModel {
        var m = SearchModel()
        let c = snapshot.configuration
        m.apply(.started(SearchDescription(
            model: snapshot.model, mode: c.mode, weightBits: c.bits.weight, activationBits: c.bits.activation,
            layers: snapshot.layers.map { LayerInfo(name: $0.name, kind: "", weightShape: [], inputShape: []) },
            weightCandidates: snapshot.weightCandidates, activationCandidates: snapshot.activationCandidates,
            totalSteps: c.steps + c.warmupSteps + c.fineTuneSteps, metricName: snapshot.evaluations.first?.metricName ?? "")))
        for r in snapshot.evaluations { m.apply(.evaluation(r)) }
        return m
    }

    /// Steps of the recording with every layer's probabilities, at most `limit` of them (evenly spaced).
    var probabilityHistory: (steps: [Int], probabilities: [[LayerProbabilities]])? {
        guard let recording else { return nil }
        let all = recording.compactMap { e -> StepReport? in if case .step(let s) = e { return s } else { return nil } }
            .filter { $0.probabilities.count == snapshot.layers.count }
        guard all.count >= 2 else { return nil }
        let limit = 120
        let picked = all.count <= limit ? all : (0..<limit).map { all[$0 * (all.count - 1) / (limit - 1)] }
        return (picked.map(\.step), picked.map(\.probabilities))
    }

    /// Every chart, named for `--svg DIR`.
    public var charts: [(name: String, svg: String)] {
        var out: [(String, String)] = []
        if let loss = lossChart { out.append(("loss", loss)) }
        if let terms = termsChart { out.append(("loss-terms", terms)) }
        let names = snapshot.layers.map(\.name)
        let strategy = snapshot.strategy
        if let history = probabilityHistory {
            out.append(("weights-over-steps", ChoiceTimeline(
                title: "Leading weight candidate per layer over the steps (opacity = its probability)", layers: names,
                candidates: snapshot.weightCandidates, steps: history.steps,
                probabilities: history.probabilities.map { $0.map(\.weight) }).svg))
            out.append(("activations-over-steps", ChoiceTimeline(
                title: "Leading activation candidate per layer over the steps (opacity = its probability)", layers: names,
                candidates: snapshot.activationCandidates, steps: history.steps,
                probabilities: history.probabilities.map { $0.map(\.activation) }).svg))
        }
        out.append(("weights-final", ProbabilityGrid(
            title: "Weight candidate probabilities (%) at step \(snapshot.step); outlined: the strategy kept",
            layers: names, candidates: snapshot.weightCandidates,
            probabilities: snapshot.layers.map(\.probabilities.weight), chosen: strategy.weight).svg))
        out.append(("activations-final", ProbabilityGrid(
            title: "Activation candidate probabilities (%) at step \(snapshot.step); outlined: the strategy kept",
            layers: names, candidates: snapshot.activationCandidates,
            probabilities: snapshot.layers.map(\.probabilities.activation), chosen: strategy.activation).svg))
        return out
    }

    var lossChart: String? {
        guard snapshot.lossHistory.count >= 2 else { return nil }
        let qat = snapshot.configuration.mode == .qat
        return LineChart(title: qat ? "Training loss (task + distillation) per step" : "Distillation loss per step",
                         xLabel: "step", yLabel: "loss",
                         series: [.init(name: "loss", points: snapshot.lossHistory.enumerated().map { (Double($0 + 1), Double($1)) })]).svg
    }

    /// Named loss terms (QAT: task, distillation, PACT penalty) from a recording.
    var termsChart: String? {
        guard let recording else { return nil }
        let steps = recording.compactMap { e -> StepReport? in if case .step(let s) = e { return s } else { return nil } }
        let names = Set(steps.flatMap(\.lossTerms.keys)).sorted()
        guard names.count >= 2 else { return nil }
        return LineChart(title: "Loss terms per step", xLabel: "step", yLabel: "loss",
                         series: names.map { n in .init(name: n, points: steps.compactMap { s in s.lossTerms[n].map { (Double(s.step), Double($0)) } }) }).svg
    }

    public var html: String {
        let c = snapshot.configuration
        let m = model, results = SearchResults(m)
        var s = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>dqss report · \(HTML.escape(results.heading))</title><style>\(Self.css)</style></head><body><main>
        <h1>dqss · \(HTML.escape(results.heading))</h1>
        <p class="sub">Snapshot <code>\(HTML.escape(snapshotPath))</code> · step \(snapshot.step) · \(snapshot.finished ? "finished" : "not finished")</p>
        """
        s += "<h2>Configuration</h2>"
        var config: [[String]] = [
            ["model", snapshot.model], ["weights SHA-256", String(snapshot.weightsSHA256.prefix(16)) + "…"],
            ["mode", c.mode.rawValue.uppercased()], ["bits", "W\(c.bits.weight)A\(c.bits.activation)" + (c.firstAndLastAt8Bits ? ", first and last layer at 8" : "")],
            ["weight candidates", snapshot.weightCandidates.joined(separator: ", ")],
            ["activation candidates", snapshot.activationCandidates.joined(separator: ", ")],
            ["steps", c.mode == .qat ? "\(c.warmupSteps) warm-up + \(c.steps) search + \(c.fineTuneSteps) fine-tuning" : "\(c.steps)"],
            ["batch", "\(c.batchSize)"], ["logit learning rate", "\(c.learningRate)"],
            ["temperature", "\(c.temperatureStart) → \(c.temperatureEnd)"],
            ["guard against uniform pairs", c.guardAgainstUniform ? "on (\(c.guardImages) images)" : "off"],
            ["greedy refinement", c.greedyRefinement ? "on" : "off"],
            ["calibration images", "\(c.calibrationImages)"], ["weights", c.perChannelWeights ? "per channel" : "per tensor"],
            ["seed", "\(c.seed)"],
        ]
        if c.mode == .qat { config.append(["weight learning rate", "\(c.weightLearningRate)"]) }
        s += HTML.table(header: ["setting", "value"], rows: config, numericFrom: 9)

        s += "<h2>Results</h2>"
        if results.rows.isEmpty {
            s += "<p class=\"lack\">This snapshot holds no evaluations: it was taken before the search finished. Evaluate it with <code>dqss eval --strategy \(HTML.escape(snapshotPath))</code>.</p>"
        } else {
            s += HTML.table(header: ["strategy", results.metricName, "vs best uniform", "calibration objective (lower is better)"],
                            rows: results.rows.map { [$0.title, SearchResults.metric($0.report.value), SearchResults.signed($0.versusBestUniform),
                                                      SearchResults.objective($0.report.calibrationObjective)] })
            if let verdict = results.verdict { s += "<p class=\"verdict\">\(HTML.escape(verdict))</p>" }
        }

        s += "<h2>Per-layer strategy</h2>"
        s += HTML.table(header: ["layer", "weights", "activations", "bits", "weight range", "activation range", "choice"],
                        rows: layerRows, numericFrom: 3)

        s += "<h2>Charts</h2>"
        if snapshot.lossHistory.count < 2 {
            s += "<p class=\"lack\">No loss curve: the snapshot records \(snapshot.lossHistory.count) step(s).</p>"
        }
        if probabilityHistory == nil {
            s += "<p class=\"lack\">No probabilities over the steps: a snapshot keeps them at its last step only. Record the search with <code>dqss search --events FILE</code> and pass <code>--events FILE</code> to <code>dqss report</code> for the history.</p>"
        }
        for (_, svg) in charts { s += "<figure>\(svg)</figure>" }
        s += "<p class=\"sub\">Made by <code>dqss report</code>. Colours: Okabe–Ito categories and a viridis ramp, with numbers in every probability cell.</p>"
        return s + "</main></body></html>\n"
    }

    var layerRows: [[String]] {
        let c = snapshot.configuration, strategy = snapshot.strategy
        return snapshot.layers.enumerated().map { l, layer in
            let w = strategy.weight[l], a = strategy.activation[l]
            // The candidates carry their bits; version 1 and QAT snapshots have the configuration's.
            let edge = c.firstAndLastAt8Bits && (l == 0 || l == snapshot.layers.count - 1)
            let bits = (layer.candidates?.bits(weight: w, activation: a) ?? (edge ? BitWidths(weight: 8, activation: 8) : c.bits)).description
            func range(_ p: [Float], _ q: [Float]) -> String {
                guard let lo = p.min(), let hi = q.max() else { return "–" }
                return String(format: "%.4g … %.4g", lo, hi)
            }
            let wRange = layer.candidates.map { range($0.weight[w].clipLow, $0.weight[w].clipHigh) } ?? "learned"
            let aRange = layer.candidates.map { range($0.activation[a].clipLow, $0.activation[a].clipHigh) } ?? "learned"
            let pinned: String
            switch (layer.pin?.weight, layer.pin?.activation) {
            case (nil, nil): pinned = "searched"
            case (.some, nil): pinned = "weights pinned"
            case (nil, .some): pinned = "activations pinned"
            default: pinned = "pinned"
            }
            return [layer.name, name(snapshot.weightCandidates, w), name(snapshot.activationCandidates, a), bits, wRange, aRange, pinned]
        }
    }

    func name(_ list: [String], _ i: Int) -> String { list.indices.contains(i) ? list[i] : "#\(i)" }

    static let css = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;background:#fff;margin:0}
    main{max-width:980px;margin:0 auto;padding:16px}
    h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
    .sub{color:#555}.lack{background:#fff6e0;border-left:4px solid #E69F00;padding:6px 10px}
    .verdict{font-weight:600}
    table{border-collapse:collapse;width:100%;display:block;overflow-x:auto;font-size:.92em}
    th,td{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left;white-space:nowrap}
    th{background:#f3f3f3}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    figure{margin:1em 0}svg.chart{width:100%;height:auto;display:block}
    svg text{font:11px system-ui,sans-serif;fill:#222}svg text.t{font-size:13px;font-weight:600}svg text.v{font-size:10px}
    code{font-size:.9em;word-break:break-all}
    @media print{a{color:#000}figure{break-inside:avoid}}
    """
}
