import Foundation
import SearchEvents

/// One-line plain-text descriptions of events, for headless output.
public enum EventLine {
    /// `candidates` names the uniform pairs in evaluation titles (from the run's `.started`).
    public static func describe(_ event: SearchEvent, candidates: (weight: [String], activation: [String]) = ([], [])) -> String {
        switch event {
        case .started(let d):
            return "started \(d.model) \(d.mode.rawValue.uppercased()) \(d.bitsLabel): \(d.layers.count) layers, \(d.weightCandidates.count)×\(d.activationCandidates.count) candidates, \(d.totalSteps) steps"
        case .phase(let p): return "phase \(Format.phase(p))"
        case .calibration(let done, let total): return "calibration \(done)/\(total)"
        case .calibratedRanges(let r): return "calibrated ranges for layer \(r.layer)"
        case .step(let s):
            var line = "step \(s.step)/\(s.totalSteps) loss \(Format.short(s.loss)) τ \(Format.short(s.temperature))"
            for (k, v) in s.lossTerms.sorted(by: { $0.key < $1.key }) { line += " \(k) \(Format.short(v))" }
            return line + String(format: " %.1f steps/s", s.stepsPerSecond)
        case .evaluation(let e):
            return "evaluation \(e.title(weightCandidates: candidates.weight, activationCandidates: candidates.activation)): \(e.metricName) \(String(format: "%.2f", e.value))"
        case .pinned(let layer, let pin):
            return "pinned layer \(layer) w=\(pin.weight.map(String.init) ?? "-") a=\(pin.activation.map(String.init) ?? "-")"
        case .unpinned(let layer): return "unpinned layer \(layer)"
        case .paused: return "paused"
        case .resumed: return "resumed"
        case .snapshotWritten(let path): return "snapshot written: \(path)"
        case .message(let m): return m
        case .finished(let s):
            return "finished" + (s.snapshotPath.map { " (snapshot \($0))" } ?? "")
        case .failed(let m): return "failed: \(m)"
        }
    }
}
