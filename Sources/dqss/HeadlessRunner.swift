import ArgumentParser
import Foundation
import Search

/// Drives a search without a terminal UI: progress bar on standard error, a
/// summary table at the end; SIGINT/SIGTERM write a snapshot and exit 130/143.
struct HeadlessRunner {
    let session: SearchSession
    let recorder: EventRecorder?
    let quietProgress: Bool
    let snapshotPath: String
    let nextCommands: [String]

    func run() async throws -> SearchEngine.Outcome {
        let signals = SignalTrap(session: session, snapshotPath: snapshotPath)
        var model = SearchModel()
        var bar: ProgressBar?
        for await event in session.events {
            recorder?.record(event)
            model.apply(event)
            switch event {
            case .started(let d):
                log("searching \(d.model) at \(d.bitsLabel): \(d.layers.count) layers, weight candidates \(d.weightCandidates.joined(separator: ",")), activation candidates \(d.activationCandidates.joined(separator: ","))")
                bar = ProgressBar(label: "search", total: d.totalSteps)
            case .phase(let p):
                // Training phases share one bar (steps count across warm-up, search and fine-tuning).
                if ![.warmup, .searching, .fineTuning].contains(p) { bar?.finish(); bar = nil }
                log("phase: \(p.rawValue)")
            case .calibration(let done, let total):
                if done == total { log("calibrated every candidate on \(total) batches") }
            case .step(let r):
                if !quietProgress {
                    bar?.update(r.step, rate: String(format: "%.2f steps/s", r.stepsPerSecond),
                                status: String(format: "loss %.5f τ %.3f", r.loss, r.temperature))
                }
            case .evaluation(let r):
                let objective = r.calibrationObjective.map { " (calibration objective \(SearchResults.objective($0)))" } ?? ""
                log("\(model.title(of: r)): \(r.metricName) \(SearchResults.metric(r.value))" + objective)
            case .message(let m):
                log(m)
            case .snapshotWritten(let path):
                log("snapshot written: \(path)")
                if let code = signals.exitCodeAfterSnapshot() {
                    // The snapshot is on disk (atomic rename done). Leave now, without
                    // running exit-time teardown while the engine thread is mid-step:
                    // a normal exit raced with OpenBLAS and the runtime and could crash.
                    _exit(code)
                }
            case .calibratedRanges, .pinned, .unpinned, .paused, .resumed, .finished, .failed:
                break
            }
        }
        if let failure = model.failure {
            log("error: \(failure)")
            return .failed(failure)
        }
        if let summary = model.summary, let description = model.description {
            printLayers(summary, description)
            print(SearchResults(model).lines(nextCommands: nextCommands).joined(separator: "\n"))
        }
        return await session.outcome
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func printLayers(_ s: SearchSummary, _ d: SearchDescription) {
        print("\n" + LayerChoiceTable(summary: s, description: d).lines.joined(separator: "\n") + "\n")
    }
}
