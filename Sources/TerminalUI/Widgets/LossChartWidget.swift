import SearchEvents
/// A braille line chart of the total loss and (for QAT) its named terms,
/// with a y axis (min, mid, max), a step axis and the latest values on top.
public enum LossChartWidget {
    public struct Series: Sendable {
        public var name: String
        public var steps: [Int]
        public var values: [Float]

        public init(name: String, steps: [Int], values: [Float]) {
            self.name = name
            self.steps = steps
            self.values = values
        }
    }

    /// The series drawn for a model: "loss" first, then terms sorted by name.
    public static func series(of model: SearchModel) -> [Series] {
        var out = [Series(name: "loss", steps: model.loss.steps, values: model.loss.values)]
        for name in model.lossTerms.keys.sorted() {
            let h = model.lossTerms[name]!
            out.append(Series(name: name, steps: h.steps, values: h.values))
        }
        return out
    }

    public static func draw(_ model: SearchModel, theme: Theme, in rect: Rect, canvas: inout Canvas) {
        draw(series: series(of: model), theme: theme, in: rect, canvas: &canvas)
    }

    public static func draw(series: [Series], theme: Theme, in rect: Rect, canvas: inout Canvas) {
        canvas.box(rect, title: "loss", style: theme.border, titleStyle: theme.title)
        let inner = rect.inset(by: 1)
        guard inner.height >= 4, inner.width >= 16 else { return }
        let drawn = series.filter { !$0.values.isEmpty }
        guard !drawn.isEmpty else {
            canvas.writeCentered("waiting for the first step…", in: inner, y: inner.y + inner.height / 2, style: theme.dim)
            return
        }

        // Legend: latest value of every series.
        var x = inner.x
        for (i, s) in series.enumerated() {
            guard let v = s.values.last else { continue }
            let text = "\(s.name) \(Format.short(v))"
            if x + CharacterWidth.of(text) > inner.maxX { break }
            canvas.put("●", x: x, y: inner.y, style: theme.series(i))
            x += 1 + canvas.write(" " + text, x: x + 1, y: inner.y, style: i == 0 ? theme.value : theme.text) + 1
        }

        let finite = drawn.flatMap { $0.values }.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi - lo < 1e-6 { lo -= 0.5; hi += 0.5 }
        let s0 = drawn.compactMap { $0.steps.first }.min() ?? 0
        let s1 = max(drawn.compactMap { $0.steps.last }.max() ?? 1, s0 + 1)

        let labels = [hi, (hi + lo) / 2, lo].map { Format.short($0) }
        let labelWidth = labels.map { CharacterWidth.of($0) }.max() ?? 1
        let axisX = inner.x + labelWidth + 1
        let plot = Rect(x: axisX + 1, y: inner.y + 1, width: inner.maxX - axisX - 1, height: inner.height - 3)
        guard plot.width >= 4, plot.height >= 1 else { return }

        canvas.writeRight(labels[0], maxX: axisX, y: plot.y, style: theme.label)
        if plot.height >= 3 { canvas.writeRight(labels[1], maxX: axisX, y: plot.y + plot.height / 2, style: theme.label) }
        canvas.writeRight(labels[2], maxX: axisX, y: plot.maxY - 1, style: theme.label)
        for y in plot.y..<plot.maxY { canvas.put("│", x: axisX, y: y, style: theme.border) }
        for y in Set([plot.y, plot.maxY - 1] + (plot.height >= 3 ? [plot.y + plot.height / 2] : [])) {
            canvas.put("┤", x: axisX, y: y, style: theme.border)
        }
        canvas.put("└", x: axisX, y: plot.maxY, style: theme.border)
        for x in plot.x..<plot.maxX { canvas.put("─", x: x, y: plot.maxY, style: theme.border) }
        canvas.write(String(s0), x: plot.x, y: plot.maxY + 1, style: theme.label)
        canvas.writeCentered("step", in: plot, y: plot.maxY + 1, style: theme.dim)
        canvas.writeRight(String(s1), maxX: plot.maxX, y: plot.maxY + 1, style: theme.label)

        var grid = BrailleGrid(columns: plot.width, rows: plot.height)
        let pw = Double(grid.pixelWidth - 1), ph = Double(grid.pixelHeight - 1)
        // Draw terms first so the total loss stays on top where lines cross.
        for (i, s) in series.enumerated().reversed() {
            var previous: (Int, Int)?
            for (step, v) in zip(s.steps, s.values) where v.isFinite {
                let px = Int((Double(step - s0) / Double(s1 - s0) * pw).rounded())
                let py = Int(((1 - Double(v - lo) / Double(hi - lo)) * ph).rounded())
                if let p = previous { grid.line(from: p, to: (px, py), series: i) } else { grid.set(px, py, series: i) }
                previous = (px, py)
            }
        }
        grid.draw(into: &canvas, x: plot.x, y: plot.y) { theme.series($0) }
    }
}
