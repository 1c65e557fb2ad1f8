import Foundation
import SearchEvents

/// Phase, progress, speed, time and the latest evaluations.
public enum MetricsWidget {
    public static func draw(_ model: SearchModel, theme: Theme, in rect: Rect, canvas: inout Canvas) {
        canvas.box(rect, title: "metrics", style: theme.border, titleStyle: theme.title)
        let inner = rect.inset(by: 1)
        guard inner.width > 10, inner.height > 0 else { return }
        var y = inner.y
        let labelWidth = 9
        func line(_ label: String, _ value: String, _ style: CellStyle = theme.value) {
            guard y < inner.maxY else { return }
            canvas.write(label, x: inner.x + 1, y: y, style: theme.label, maxWidth: labelWidth)
            canvas.write(value, x: inner.x + 1 + labelWidth, y: y, style: style, maxWidth: inner.width - labelWidth - 1)
            y += 1
        }

        if let d = model.description {
            line("model", "\(d.model) · \(d.mode.rawValue.uppercased()) \(d.bitsLabel)")
        }
        var phase = Format.phase(model.phase)
        if model.isPaused { phase += " (paused)" }
        line("phase", phase, model.failure != nil ? theme.bad : theme.value)
        if let c = model.calibration, model.phase == .calibrating || model.lastStep == nil {
            line("calib", "\(c.done)/\(c.total) batches")
        }
        if let s = model.lastStep {
            let pct = s.totalSteps > 0 ? Int((Double(s.step) / Double(s.totalSteps) * 100).rounded()) : 0
            line("step", "\(s.step) / \(s.totalSteps)  \(pct)%")
            if y < inner.maxY {
                let barWidth = inner.width - labelWidth - 2
                if barWidth > 2 {
                    let filled = s.totalSteps > 0 ? min(barWidth, barWidth * s.step / s.totalSteps) : 0
                    canvas.write(String(repeating: "█", count: filled), x: inner.x + 1 + labelWidth, y: y, style: theme.good)
                    canvas.write(String(repeating: "░", count: barWidth - filled), x: inner.x + 1 + labelWidth + filled, y: y, style: theme.dim)
                }
                y += 1
            }
            line("speed", String(format: "%.1f steps/s   τ %@", s.stepsPerSecond, Format.short(s.temperature)))
            let remaining = s.stepsPerSecond > 0 ? Double(s.totalSteps - s.step) / s.stepsPerSecond : .nan
            line("elapsed", "\(Format.duration(s.elapsedSeconds))   ETA \(model.isOver ? "–" : Format.duration(remaining))")
            if let b = s.budget {
                line("budget", "\(b.summary)   λ \(Format.short(Float(b.multiplier)))",
                     b.expected > b.target * 1.01 ? theme.bad : theme.value)
            }
        }

        // Evaluations: float, final and the best uniform pair first (the results view has the rest).
        guard !model.evaluations.isEmpty, y + 1 < inner.maxY else { return }
        let results = SearchResults(model)
        y += 1
        canvas.write("evaluations (\(results.metricName))", x: inner.x + 1, y: y, style: theme.title, maxWidth: inner.width - 1)
        y += 1
        let valueWidth = 7
        for row in results.rows {
            guard y < inner.maxY else { break }
            let titleWidth = inner.width - valueWidth - 2
            canvas.write(row.title, x: inner.x + 1, y: y, style: theme.label, maxWidth: titleWidth)
            var style = theme.value
            if row.report.kind == .final, let d = row.versusBestUniform { style = d >= 0 ? theme.good : theme.bad }
            canvas.write(Format.padLeft(SearchResults.metric(row.report.value), valueWidth),
                         x: inner.maxX - valueWidth - 1, y: y, style: style)
            y += 1
        }
    }
}
