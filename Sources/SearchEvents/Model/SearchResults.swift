import Foundation

/// What a finished search found, ready to show: float, final and the best
/// uniform pair first, then every other stage. The TUI's results view and the
/// summaries printed by the runners are built from this one value.
public struct SearchResults: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var title: String
        public var report: EvaluationReport
        /// This row's metric minus the best uniform pair's (nil for float, for that pair itself,
        /// and across fine-tuning stages: weights trained longer are no fair comparison).
        public var versusBestUniform: Double?
    }

    /// "resnet20 · PTQ W4A4"
    public var heading: String
    public var metricName: String
    public var rows: [Row]
    public var float: EvaluationReport?
    public var final: EvaluationReport?
    public var bestUniform: EvaluationReport?
    public var snapshotPath: String?

    public init(_ model: SearchModel) {
        let d = model.description
        heading = d.map { "\($0.model) · \($0.mode.rawValue.uppercased()) \($0.bitsLabel)" } ?? "search"
        metricName = model.evaluations.first?.metricName ?? d?.metricName ?? ""
        float = model.evaluation(.float)
        final = model.evaluation(.final)
        bestUniform = model.bestUniform
        snapshotPath = model.summary?.snapshotPath ?? model.lastSnapshotPath
        // Float, final and best uniform lead; the stages follow in arrival order.
        let lead = [float, final, bestUniform].compactMap { $0 }
        let ordered = lead + model.evaluations.filter { e in !lead.contains { $0.identity == e.identity } }
        let best = bestUniform
        rows = ordered.map { r in
            let isReference = r.kind == .float || best.map { $0.identity == r.identity } == true
            return Row(title: model.title(of: r), report: r,
                       versusBestUniform: isReference ? nil : best.flatMap { Self.difference(r, $0) })
        }
    }

    /// Final minus the best uniform pair, in the metric's units (nil when they
    /// were measured at different fine-tuning stages).
    public var difference: Double? {
        guard let final, let bestUniform else { return nil }
        return Self.difference(final, bestUniform)
    }

    static func difference(_ a: EvaluationReport, _ b: EvaluationReport) -> Double? {
        a.fineTuning == b.fineTuning ? a.value - b.value : nil
    }

    /// Calibration objectives span 1e-5 (luma MSE) to 1 (KL): fixed decimals would hide differences.
    public static func objective(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: value != 0 && abs(value) < 0.01 ? "%.4e" : "%.5f", value)
    }

    public static let versusHeader = "vs best unif."
    /// The calibration objective column (lower is better).
    public static let objectiveHeader = "calib. obj."

    public static func metric(_ value: Double) -> String { String(format: "%.2f", value) }

    public static func signed(_ value: Double?) -> String {
        value.map { String(format: "%+.2f", $0) } ?? ""
    }

    /// One sentence on final against the best uniform pair.
    public var verdict: String? {
        guard let difference, let bestUniform else { return nil }
        let pair = rows.first { $0.report.identity == bestUniform.identity }?.title ?? "best uniform"
        return "final − \(pair): \(Self.signed(difference)) \(metricName)"
    }

    /// The summary as plain text lines (no colour), ending with the next commands.
    public func lines(nextCommands: [String]) -> [String] {
        let width = max(24, (rows.map(\.title.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return left ? fill + s : s + fill
        }
        var out = ["result · \(heading) · \(metricName) on the test split", ""]
        out.append(pad("strategy", width) + pad(metricName, 8, left: true) + pad(Self.versusHeader, 14, left: true)
                   + pad(Self.objectiveHeader, 13, left: true))
        for r in rows {
            out.append(pad(r.title, width) + pad(Self.metric(r.report.value), 8, left: true)
                       + pad(Self.signed(r.versusBestUniform), 14, left: true)
                       + pad(Self.objective(r.report.calibrationObjective), 13, left: true))
        }
        if let verdict { out += ["", verdict] }
        out.append("")
        out.append(snapshotPath.map { "snapshot: \($0)" } ?? "snapshot: not written (see the log above)")
        if !nextCommands.isEmpty {
            out.append("next:")
            out += nextCommands.map { "  " + $0 }
        }
        return out.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}
