import Foundation
import SearchEvents

/// The end of a search: float, final and the best uniform pair with the
/// difference, every stage's calibration objective, the snapshot and the
/// commands that use it. Fits the 80×24 minimum; long commands wrap.
public enum ResultsWidget {
    public static let title = "results"

    public static func draw(_ model: SearchModel, nextCommands: [String], theme: Theme, in rect: Rect, canvas: inout Canvas) {
        canvas.box(rect, title: title, style: theme.accent, titleStyle: theme.accent)
        let inner = rect.inset(by: 1)
        guard inner.width > 20, inner.height > 3 else { return }
        let results = SearchResults(model)
        let x = inner.x + 1, width = inner.width - 2
        var y = inner.y
        canvas.write("\(results.heading) · \(results.metricName) on the test split", x: x, y: y, style: theme.title, maxWidth: width)
        y += 2

        // Columns: title, metric, difference to the best uniform pair, calibration objective.
        // Long titles (quantization-aware stages) keep their words: the difference column
        // goes first, the verdict line below still gives final against the best pair.
        let metricWidth = 8, objectiveWidth = 13
        let longestTitle = results.rows.map { CharacterWidth.of($0.title) }.max() ?? 0
        let deltaWidth = longestTitle + 1 + metricWidth + 14 + objectiveWidth <= width ? 14 : 0
        let titleWidth = max(12, width - metricWidth - deltaWidth - objectiveWidth)
        func columns(_ title: String, _ metric: String, _ delta: String, _ objective: String,
                     titleStyle: CellStyle, metricStyle: CellStyle) {
            canvas.write(title, x: x, y: y, style: titleStyle, maxWidth: titleWidth - 1)
            canvas.write(Format.padLeft(metric, metricWidth), x: x + titleWidth, y: y, style: metricStyle)
            if deltaWidth > 0 {
                canvas.write(Format.padLeft(delta, deltaWidth), x: x + titleWidth + metricWidth, y: y, style: theme.value)
            }
            canvas.write(Format.padLeft(objective, objectiveWidth), x: x + titleWidth + metricWidth + deltaWidth, y: y, style: theme.value)
        }
        columns("strategy", results.metricName, SearchResults.versusHeader, SearchResults.objectiveHeader, titleStyle: theme.label, metricStyle: theme.label)
        y += 1
        // Stage rows come before commands: float, final and the best uniform pair always show;
        // the footer keeps the verdict and the snapshot; commands get the rows left over.
        let fixedFooter = 1 + (results.verdict == nil ? 0 : 1) + 1
        let available = inner.maxY - y - fixedFooter
        var shown = results.rows.count
        if shown > available { shown = max(min(3, results.rows.count), available - 1) }
        for row in results.rows.prefix(shown) where y < inner.maxY {
            var metricStyle = theme.value
            if row.report.kind == .final, let d = row.versusBestUniform { metricStyle = d >= 0 ? theme.good : theme.bad }
            columns(row.title, SearchResults.metric(row.report.value), SearchResults.signed(row.versusBestUniform),
                    SearchResults.objective(row.report.calibrationObjective),
                    titleStyle: row.report.kind == .final ? theme.accent : theme.text, metricStyle: metricStyle)
            y += 1
        }
        if shown < results.rows.count, y < inner.maxY {
            canvas.write("… \(results.rows.count - shown) more, printed when you quit", x: x, y: y, style: theme.dim, maxWidth: width)
            y += 1
        }
        y += 1
        if let verdict = results.verdict, y < inner.maxY {
            canvas.write(verdict, x: x, y: y, style: (results.difference ?? 0) >= 0 ? theme.good : theme.bad, maxWidth: width)
            y += 1
        }
        guard y < inner.maxY else { return }
        canvas.write("snapshot", x: x, y: y, style: theme.label)
        // The file name matters most: a long path loses its head.
        canvas.write(results.snapshotPath.map { Format.truncateHead($0, to: width - 10) } ?? "not written (see the log)",
                     x: x + 10, y: y, style: results.snapshotPath == nil ? theme.bad : theme.value)
        y += 1
        let commandLines = nextCommands.flatMap { wrap($0, width: width - 2) }
        guard !commandLines.isEmpty, y + 1 < inner.maxY else { return }
        canvas.write("next", x: x, y: y, style: theme.label)
        y += 1
        let room = inner.maxY - y
        let fits = commandLines.count <= room
        for line in commandLines.prefix(fits ? room : room - 1) {
            canvas.write(line, x: x + 2, y: y, style: theme.text, maxWidth: width - 2)
            y += 1
        }
        if !fits { canvas.write("… printed in full when you quit", x: x + 2, y: y, style: theme.dim, maxWidth: width - 2) }
    }

    /// Breaks a command at spaces into lines of at most `width` columns (a
    /// longer word is cut into pieces); continuation lines are indented.
    static func wrap(_ command: String, width: Int) -> [String] {
        guard width > 8, CharacterWidth.of(command) > width else { return [command] }
        var lines: [String] = []
        var current = ""
        var words = command.split(separator: " ").map(String.init)
        while !words.isEmpty {
            let word = words.removeFirst()
            let candidate = current.isEmpty ? word : current + " " + word
            if CharacterWidth.of(candidate) <= width {
                current = candidate
            } else if current.trimmingCharacters(in: .whitespaces).isEmpty || CharacterWidth.of("    " + word) > width {
                // The word alone is too long: fill this line with its head, wrap its tail.
                let head = current.trimmingCharacters(in: .whitespaces).isEmpty ? current : current + " "
                let cut = max(1, width - CharacterWidth.of(head))
                lines.append(head + String(word.prefix(cut)))
                current = "    "
                words.insert(String(word.dropFirst(cut)), at: 0)
            } else {
                lines.append(current)
                current = "    " + word
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(current) }
        return lines
    }
}
