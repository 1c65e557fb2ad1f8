/// Everything the UI knows about the search, folded from `SearchEvent`s.
/// A value type so the whole screen is a pure function of it.
public struct SearchModel: Sendable {
    public private(set) var description: SearchDescription?
    public private(set) var phase: SearchPhase?
    public private(set) var calibration: (done: Int, total: Int)?
    public private(set) var ranges: [Int: LayerRanges] = [:]
    public private(set) var lastStep: StepReport?
    public private(set) var loss = DecimatedHistory<Float>()
    public private(set) var lossTerms: [String: DecimatedHistory<Float>] = [:]
    public private(set) var probabilities = DecimatedHistory<[LayerProbabilities]>(capacity: 512)
    public private(set) var pins: [Int: LayerPin] = [:]
    /// Latest report per identity (kind, step, fine-tuning stage), in order of first arrival.
    public private(set) var evaluations: [EvaluationReport] = []
    public private(set) var isPaused = false
    public private(set) var summary: SearchSummary?
    public private(set) var failure: String?
    public private(set) var lastSnapshotPath: String?
    public private(set) var log: [LogEntry] = []
    public private(set) var eventCount = 0

    public static let logLimit = 200

    public init() {}

    /// True once a terminal event (`.finished` or `.failed`) arrived.
    public var isOver: Bool { summary != nil || failure != nil }
    public var layerCount: Int { description?.layers.count ?? 0 }
    public var currentProbabilities: [LayerProbabilities]? { lastStep?.probabilities }

    public mutating func apply(_ event: SearchEvent) {
        eventCount += 1
        switch event {
        case .started(let d):
            description = d
            pins = [:]
            note(.info, "started \(d.model) · \(d.mode.rawValue.uppercased()) \(d.bitsLabel) · \(d.layers.count) layers")
        case .phase(let p):
            phase = p
        case .calibration(let done, let total):
            calibration = (done, total)
        case .calibratedRanges(let r):
            ranges[r.layer] = r
        case .step(let s):
            lastStep = s
            phase = s.phase
            loss.append(step: s.step, s.loss)
            for (name, v) in s.lossTerms {
                lossTerms[name, default: DecimatedHistory<Float>()].append(step: s.step, v)
            }
            probabilities.append(step: s.step, s.probabilities)
        case .evaluation(let e):
            record(e)
        case .pinned(let layer, let pin):
            pins[layer] = pin
            note(.info, "pinned \(layerName(layer)) \(describe(pin))")
        case .unpinned(let layer):
            pins[layer] = nil
            note(.info, "unpinned \(layerName(layer))")
        case .paused:
            isPaused = true
            note(.info, "paused")
        case .resumed:
            isPaused = false
            note(.info, "resumed")
        case .snapshotWritten(let path):
            lastSnapshotPath = path
            note(.info, "snapshot written: \(path)")
        case .message(let m):
            note(m.hasPrefix("warning") ? .warning : .info, m)
        case .finished(let s):
            summary = s
            isPaused = false
            phase = .done
            s.evaluations.forEach { record($0) }
            if let p = s.snapshotPath { lastSnapshotPath = p }
            note(.info, "finished" + (s.snapshotPath.map { " · snapshot \($0)" } ?? ""))
        case .failed(let m):
            failure = m
            isPaused = false
            note(.error, "failed: \(m)")
        }
    }

    /// Adds a line to the log (also used by the UI for its own notes).
    public mutating func note(_ level: LogEntry.Level, _ text: String) {
        log.append(LogEntry(level: level, text: text, step: lastStep?.step))
        if log.count > Self.logLimit { log.removeFirst(log.count - Self.logLimit) }
    }

    public func layerName(_ i: Int) -> String {
        guard let layers = description?.layers, layers.indices.contains(i) else { return "layer \(i)" }
        return layers[i].name
    }

    public func describe(_ pin: LayerPin) -> String {
        var parts: [String] = []
        if let w = pin.weight { parts.append("W→" + candidateName(w, weights: true)) }
        if let a = pin.activation { parts.append("A→" + candidateName(a, weights: false)) }
        return parts.isEmpty ? "(none)" : parts.joined(separator: " ")
    }

    public func candidateName(_ i: Int, weights: Bool) -> String {
        let list = (weights ? description?.weightCandidates : description?.activationCandidates) ?? []
        return list.indices.contains(i) ? list[i] : "#\(i)"
    }

    /// The uniform pair to beat: the guard's best uniform pair when the
    /// search reported one, else the best of the uniform pairs measured.
    public var bestUniform: EvaluationReport? {
        evaluations.last { $0.kind == .bestUniform }
            ?? evaluations.filter { $0.kind == .uniformPair }.max { $0.value < $1.value }
    }

    /// The latest report of a kind (the fine-tuned one first for quantization-aware search).
    public func evaluation(_ kind: EvaluationKind) -> EvaluationReport? {
        evaluations.last { $0.kind == kind && $0.fineTuning != .before } ?? evaluations.last { $0.kind == kind }
    }

    /// The row title of a report, with this search's candidate names.
    public func title(of report: EvaluationReport) -> String {
        report.title(weightCandidates: description?.weightCandidates ?? [],
                     activationCandidates: description?.activationCandidates ?? [])
    }

    private mutating func record(_ e: EvaluationReport) {
        if let i = evaluations.firstIndex(where: { $0.identity == e.identity }) {
            evaluations[i] = e
        } else {
            evaluations.append(e)
        }
    }
}
