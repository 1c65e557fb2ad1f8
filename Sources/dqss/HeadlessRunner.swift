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

    func run() async throws -> SearchEngine.Outcome {
        let signals = SignalTrap(session: session, snapshotPath: snapshotPath)
        var description: SearchDescription?
        var bar: ProgressBar?
        var summary: SearchSummary?
        var failure: String?
        for await event in session.events {
            recorder?.record(event)
            switch event {
            case .started(let d):
                description = d
                log("searching \(d.model) at W\(d.weightBits)A\(d.activationBits): \(d.layers.count) layers, weight candidates \(d.weightCandidates.joined(separator: ",")), activation candidates \(d.activationCandidates.joined(separator: ","))")
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
                let objective = r.calibrationObjective.map { String(format: " (calibration objective %.5f)", $0) } ?? ""
                log(String(format: "%@: %@ %.2f", r.label as NSString, r.metricName as NSString, r.value) + objective)
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
            case .finished(let s):
                summary = s
            case .failed(let message):
                failure = message
            case .calibratedRanges, .pinned, .unpinned, .paused, .resumed:
                break
            }
        }
        if let failure {
            log("error: \(failure)")
            return .failed(failure)
        }
        if let summary, let description { printSummary(summary, description) }
        return await session.outcome
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func printSummary(_ s: SearchSummary, _ d: SearchDescription) {
        print("\nlayer".padded(34) + "kind".padded(11) + "weights".padded(12) + "activations")
        for (l, layer) in d.layers.enumerated() {
            print(layer.name.padded(33) + layer.kind.padded(11) + d.weightCandidates[s.weightChoices[l]].padded(12)
                  + d.activationCandidates[s.activationChoices[l]])
        }
        print("")
        // Labels such as "derived (argmax), before fine-tuning" are longer than a layer name.
        let width = max(34, (s.evaluations.map(\.label.count).max() ?? 0) + 2)
        for r in s.evaluations {
            let objective = r.calibrationObjective.map { String(format: "   calibration objective %.5f", $0) } ?? ""
            print(r.label.padded(width) + String(format: "%@ %.2f", r.metricName as NSString, r.value) + objective)
        }
        if let path = s.snapshotPath { print("\nsnapshot: \(path)") }
    }
}
