import ArgumentParser
import Foundation
import NeuralNet
import Quantization
import Search
import Report
import Synchronization
import Tasks

/// Regenerates the results document: uniform baselines and the search with
/// its ablation, for every classifier that has trained weights.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Run every uniform baseline and the search (with ablation) and write the results document.")

    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Models to include (comma-separated; default: the whole zoo); those without weights in Assets/models are skipped.")
    var models: String = ModelZoo.names.joined(separator: ",")
    @Option(help: "Bit-widths of the classifiers' baseline tables.") var baselineBits: String = "w8a8,w4a4,w3a3"
    @Option(help: "Bit-widths searched on classifiers.") var searchBits: String = "w4a4,w3a3"
    @Option(help: "Bit-widths of the super-resolution baseline tables.") var srBaselineBits: String = "w8a8,w4a4"
    @Option(help: "Bit-widths searched on super-resolution models.") var srSearchBits: String = "w4a4"
    @Option(help: "Search steps.") var steps: Int = 300
    @Option(help: "Test images per evaluation (0 = all).") var evalLimit: Int = 0
    @Option(help: "Output file.") var out: String = "RESULTS.md"
    @Option(help: "Folder for every search's snapshot and its HTML report, which the document links to.")
    var reports: String = "results"
    @Flag(help: "Add the models' sections to an existing document instead of starting a new one.") var append: Bool = false
    @Flag(help: "For the searched bit-widths, add learned rounding: uniform adaround(…) pairs and the search with adaround candidates.")
    var adaround: Bool = false
    @OptionGroup var rounding: LearnedRoundingOptions

    func run() async throws {
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the folder of --out \(out): \(error.localizedDescription)")
        }
        var doc: String
        if append, let existing = try? String(contentsOfFile: out, encoding: .utf8) {
            doc = existing
        } else {
            doc = "# dqss results\n\nProduced by `dqss results` (`make results`) on \(Self.today()). "
            doc += "Classifiers: Fashion-MNIST test split (\(evalLimit == 0 ? "10,000" : String(evalLimit)) images), 1,024 calibration "
            doc += "images drawn from the training split. Super-resolution: mean PSNR on Y (border = scale) over centre crops "
            doc += "(≤ 256×256 HR) of the evaluation photos in Assets/photos, 256 calibration patches from the training photos. "
            doc += "Per-channel symmetric weights, per-tensor activations, every layer quantized (first and last included).\n"
        }
        for model in models.split(separator: ",").map(String.init) {
            let options = try ModelOptions.parse(["--model", model])
            do {
                _ = try options.checkpointPath
            } catch {
                log("skipping \(model): \(error.localizedDescription)")
                continue
            }
            let (entry, graph) = try options.loadTrained()
            let task = try dataOptions.searchTask(for: entry, graph: graph, calibration: 1024, seed: 0).task
            doc += "\n## \(entry.name)\n"
            let sr = entry.task == .superResolution
            let searched = (sr ? srSearchBits : searchBits).split(separator: ",").map(String.init)
            for bitsText in (sr ? srBaselineBits : baselineBits).split(separator: ",").map(String.init) {
                guard let bits = BitWidths(bitsText) else { throw ValidationError("bad bit-width \(bitsText)") }
                doc += try section(entry: entry, graph: graph, task: task, bits: bits, search: searched.contains(bitsText))
                try AtomicFile.write(doc, to: URL(fileURLWithPath: out))
            }
        }
        try AtomicFile.write(doc, to: URL(fileURLWithPath: out))
        log("wrote \(out)")
    }

    func section(entry: ModelZoo.Entry, graph: Graph, task: any SearchTask, bits: BitWidths, search: Bool) throws -> String {
        let methods = PTQMethod.allCases
        log("\(entry.name) \(bits): calibrating")
        let evaluator = try StrategyEvaluator(model: graph, task: task, calibration: PTQCalibration(
            weightMethods: methods.map { WeightMethod($0) }, activationMethods: methods, bits: bits))
        let fp = evaluator.floatMetric(limit: evalLimit)
        let unit = entry.task == .superResolution ? "dB" : "%"
        var s = "\n### \(bits)\n\nUniform strategies (\(task.metricName), \(unit); rows: weight calibrator, columns: activation calibrator):\n\n"
        s += "| weights \\ activations | " + methods.map(\.rawValue).joined(separator: " | ") + " |\n|---|"
        s += methods.map { _ in "---:|" }.joined() + "\n"
        s += "| FP | " + methods.map { _ in String(format: "%.2f", fp) }.joined(separator: " | ") + " |\n"
        // Every uniform pair as a typed report; the table and the best pair are read from them.
        var uniform: [EvaluationReport] = []
        for i in methods.indices {
            for j in methods.indices {
                let strategy = Strategy.uniform(layers: evaluator.layerCount, weight: i, activation: j)
                let pair = UniformPair(weight: i, activation: j)
                let r = EvaluationReport(kind: .uniformPair, strategy: strategy, uniform: pair, metricName: task.metricName,
                                         value: evaluator.metric(of: strategy, limit: evalLimit))
                uniform.append(r)
                log("\(entry.name) \(bits) uniform \(pairName(pair)): \(String(format: "%.2f", r.value))")
            }
        }
        for (i, w) in methods.enumerated() {
            let row = uniform.filter { $0.uniform?.weight == i }.map { String(format: "%.2f", $0.value) }
            s += "| \(w.rawValue) | " + row.joined(separator: " | ") + " |\n"
        }
        let best = uniform.max { $0.value < $1.value }!
        s += String(format: "\nBest uniform pair on the test split: **%@ %.2f** (FP %.2f).\n",
                    pairName(best.uniform), best.value, fp)
        guard search else { return s }
        let candidates = Dictionary(uniqueKeysWithValues: evaluator.supernet.layers.indices.map { l in
            let op = evaluator.supernet.op(l)
            return (evaluator.supernet.layers[l], LayerCandidates(weight: op.weightCandidates, activation: op.activationCandidates))
        })
        // Two searches: the plain method, and the annealed one whose stages
        // (argmax, guard, refinement) each report their strategy's metric.
        let runs: [(String, (inout SearchConfiguration) -> Void)] = [
            ("plain", { $0.temperatureEnd = 1; $0.guardAgainstUniform = false }),
            ("annealed", { $0.greedyRefinement = true }),
        ]
        let objective = entry.task == .superResolution
            ? "MSE of luma (Y) to the FP output inside a border of \(entry.scale) pixels" : "KL(FP ‖ quantized) of the logits"
        let sr = entry.task == .superResolution
        s += "\nDQSS search (\(steps) steps, Adam lr 0.03, batch \(sr ? 16 : 64), distillation: \(objective)). "
        s += "Calibration objective = mean \(objective) on \(sr ? 128 : 512) calibration samples (lower is better).\n\n"
        s += "| variant | \(task.metricName) | calibration objective | vs best uniform |\n|---|---:|---:|---:|\n"
        var lastStrategy: Strategy?
        var layerNames: [String] = []
        var searched: EvaluationReport?
        var reportLinks: [String] = []
        func row(_ label: String, _ r: EvaluationReport) {
            // Luma MSEs are ~1e-4: fixed decimals would print equal values for different objectives.
            let o = r.calibrationObjective ?? .nan
            s += String(format: "| %@ | %.2f | %@ | %+.2f |\n", label, r.value, String(format: o < 0.01 ? "%.4e" : "%.5f", o),
                        r.value - best.value)
        }
        for (index, (name, tweak)) in runs.enumerated() {
            var config = SearchConfiguration(model: entry.name, bits: bits, steps: steps, evaluationLimit: evalLimit)
            if entry.task == .superResolution {
                // A 48×48 EDSR patch costs as much as ~15 Fashion-MNIST images: smaller batches keep the run in minutes.
                config.batchSize = 16
                config.guardImages = 128
            }
            tweak(&config)
            log("\(entry.name) \(bits) search: \(name)")
            let url = URL(fileURLWithPath: reports).appendingPathComponent("\(entry.name)-\(bits)-\(name).json")
            let recording = Mutex<[SearchEvent]>([])
            var engine = try SearchEngine(config: config, model: graph, task: task, snapshotURL: url,
                                          candidates: candidates, emit: { _ in })
            _ = engine.run(mailbox: CommandMailbox(), emit: { e in recording.withLock { $0.append(e) } })
            let snapshot = engine.snapshot()
            reportLinks.append("[\(name)](\(try writeReport(snapshot, at: url, recording: recording.withLock { $0 })))")
            let reports = snapshot.evaluations
            guard let final = reports.first(where: { $0.kind == .final }) else { continue }
            if name == "plain" {
                row("plain softmax search (τ = 1), argmax", final)
                continue
            }
            // A stage without its own report kept the strategy of the stage after it.
            let derived = reports.first { $0.kind == .derivedArgmax } ?? final
            let guarded = reports.first { $0.kind == .guardPick } ?? final
            row("annealed τ 1 → 0.05, argmax", derived)
            row("annealed + guard against uniform pairs", guarded)
            row("annealed + guard + greedy refinement", final)
            searched = final
            if let u = reports.first(where: { $0.kind == .bestUniform }) {
                row("(best uniform pair on the calibration objective: \(pairName(u.uniform)))", u)
            }
            lastStrategy = snapshot.final
            layerNames = snapshot.layers.map(\.name)
        }
        if !reportLinks.isEmpty {
            s += "\nReports of these searches (configuration, probabilities over the steps, loss, per-layer choices): "
            s += reportLinks.joined(separator: " · ") + ".\n"
        }
        if let strategy = lastStrategy {
            s += "\nPer-layer choice of the last variant (weights / activations):\n\n| layer | weights | activations |\n|---|---|---|\n"
            for (l, name) in layerNames.enumerated() {
                s += "| \(name) | \(methods[strategy.weight[l]].rawValue) | \(methods[strategy.activation[l]].rawValue) |\n"
            }
        }
        if adaround {
            s += try learnedRoundingSection(entry: entry, graph: graph, task: task, bits: bits, fp: fp, bestUniform: best,
                                            searched: searched)
        }
        return s
    }

    /// Learned rounding beside the calibrators: every uniform adaround(range)/activation pair, and the
    /// annealed search (guard and refinement on) over the round-to-nearest and the adaround weight candidates.
    func learnedRoundingSection(entry: ModelZoo.Entry, graph: Graph, task: any SearchTask, bits: BitWidths, fp: Double,
                                bestUniform: EvaluationReport, searched: EvaluationReport?) throws -> String {
        let ranges = PTQMethod.allCases
        let settings = rounding.settings
        log("\(entry.name) \(bits): learning the roundings (\(settings.options.iterations) steps per layer and range)")
        let start = Date()
        let evaluator = try StrategyEvaluator(
            model: graph, task: task,
            calibration: PTQCalibration(weightMethods: WeightMethod.nearest + ranges.map(WeightMethod.adaround), activationMethods: ranges, bits: bits),
            rounding: rounding.learnedRounding, log: log)
        let seconds = Date().timeIntervalSince(start)
        let weights = evaluator.weightMethods
        var s = "\nLearned rounding (AdaRound on each calibrator's grid: \(settings.options.iterations) Adam steps per layer at "
        s += "lr \(settings.options.learningRate), λ \(settings.options.regularization), β 20 → 2 after a 20% warm-up, batch "
        s += "\(settings.options.batchSize), inputs \(settings.inputs.rawValue)); reconstruction of the \(weights.count - ranges.count) "
        s += "ranges × \(evaluator.layerCount) layers took \(Int(seconds.rounded())) s (cached roundings count as read).\n\n"
        s += "| weights \\ activations | " + ranges.map(\.rawValue).joined(separator: " | ") + " |\n|---|"
        s += ranges.map { _ in "---:|" }.joined() + "\n"
        var bestLearned: (name: String, value: Double)?
        for (i, w) in weights.enumerated() where w.rounding == .adaround {
            var cells: [String] = []
            for (j, a) in ranges.enumerated() {
                let v = evaluator.metric(of: .uniform(layers: evaluator.layerCount, weight: i, activation: j), limit: evalLimit)
                log("\(entry.name) \(bits) uniform \(w)/\(a): \(String(format: "%.2f", v))")
                cells.append(String(format: "%.2f", v))
                if v > (bestLearned?.value ?? -.infinity) { bestLearned = ("\(w)/\(a)", v) }
            }
            s += "| \(w) | " + cells.joined(separator: " | ") + " |\n"
        }
        var config = SearchConfiguration(model: entry.name, bits: bits, steps: steps, greedyRefinement: true, evaluationLimit: evalLimit)
        config.weightMethods = weights
        config.learnedRounding = settings
        if entry.task == .superResolution {
            config.batchSize = 16
            config.guardImages = 128
        }
        log("\(entry.name) \(bits) search with learned-rounding candidates")
        let url = URL(fileURLWithPath: reports).appendingPathComponent("\(entry.name)-\(bits)-adaround.json")
        let recording = Mutex<[SearchEvent]>([])
        var engine = try SearchEngine(config: config, model: graph, task: task, snapshotURL: url,
                                      candidates: evaluator.candidates, emit: { _ in })
        _ = engine.run(mailbox: CommandMailbox(), emit: { e in recording.withLock { $0.append(e) } })
        let snapshot = engine.snapshot()
        let reportLink = try writeReport(snapshot, at: url, recording: recording.withLock { $0 })
        let final = snapshot.evaluations.first { $0.kind == .final }
        func line(_ label: String, _ value: Double?) -> String {
            guard let value else { return "| \(label) | - | - |\n" }
            return String(format: "| %@ | %.2f | %+.2f |\n", label, value, value - fp)
        }
        s += "\n| strategy | \(task.metricName) | vs FP |\n|---|---:|---:|\n"
        s += line("FP", fp)
        s += line("best uniform pair, round to nearest (\(pairName(bestUniform.uniform)))", bestUniform.value)
        s += line("best uniform pair, learned rounding (\(bestLearned?.name ?? "-"))", bestLearned?.value)
        s += line("DQSS, round-to-nearest candidates (annealed + guard + refinement)", searched?.value)
        s += line("DQSS with the adaround candidates as well (annealed + guard + refinement)", final?.value)
        s += "\nReport of the search with the adaround candidates: [adaround](\(reportLink)).\n"
        return s
    }

    /// Writes the snapshot and its report beside it; returns the report's path relative to the document.
    func writeReport(_ snapshot: SearchSnapshot, at url: URL, recording: [SearchEvent]) throws -> String {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try snapshot.write(to: url)
            let html = url.deletingPathExtension().appendingPathExtension("html")
            let report = SearchReport(snapshot: snapshot, snapshotPath: url.lastPathComponent, recording: recording)
            try AtomicFile.write(Data(report.html.utf8), to: html)
            return RelativePath.from(URL(fileURLWithPath: out).deletingLastPathComponent(), to: html)
        } catch {
            throw CLIError("cannot write the report of \(url.relativePath): \(error.localizedDescription); choose a writable --reports folder")
        }
    }

    /// "aciq/mse": the results tables search every PTQ method on both sides.
    func pairName(_ pair: UniformPair?) -> String {
        let names = PTQMethod.allCases.map(\.rawValue)
        return pair?.name(weightCandidates: names, activationCandidates: names) ?? "-"
    }

    func log(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    static func today() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}
