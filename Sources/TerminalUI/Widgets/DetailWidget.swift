import SearchEvents

/// The selected layer: its pin, and per candidate a sparkline of the
/// probability over time, the current value and the calibrated range.
public enum DetailWidget {
    public static func draw(_ state: ExplorerState, theme: Theme, in rect: Rect, canvas: inout Canvas) {
        let model = state.model, view = state.view
        guard let d = model.description, d.layers.indices.contains(view.selectedLayer) else {
            canvas.box(rect, title: "layer", style: theme.border, titleStyle: theme.title)
            return
        }
        let l = view.selectedLayer
        let layer = d.layers[l]
        canvas.box(rect, title: "layer \(l) · \(layer.name)", style: theme.border, titleStyle: theme.title)
        let inner = rect.inset(by: 1)
        guard inner.width > 20, inner.height > 1 else { return }

        let pin = model.pins[l]
        let pinText = pin.map { "pinned " + model.describe($0) } ?? "not pinned"
        let info = "\(layer.kind) W \(Format.shape(layer.weightShape)) · in \(Format.shape(layer.inputShape)) · \(pinText)"
        canvas.write(info, x: inner.x + 1, y: inner.y, style: pin != nil ? theme.pinMark : theme.label, maxWidth: inner.width - 2)

        let half = (inner.width - 1) / 2
        let left = Rect(x: inner.x + 1, y: inner.y + 1, width: half - 1, height: inner.height - 1)
        let right = Rect(x: inner.x + half + 1, y: inner.y + 1, width: inner.width - half - 2, height: inner.height - 1)
        let history = model.probabilities
        column(title: "weights", side: .weights, candidates: d.weightCandidates, pinned: pin?.weight,
               ranges: model.ranges[l]?.weight ?? [], series: { j in history.values.map { $0.indices.contains(l) && $0[l].weight.indices.contains(j) ? $0[l].weight[j] : 0 } },
               state: state, theme: theme, rect: left, canvas: &canvas)
        column(title: "activations", side: .activations, candidates: d.activationCandidates, pinned: pin?.activation,
               ranges: model.ranges[l]?.activation ?? [], series: { i in history.values.map { $0.indices.contains(l) && $0[l].activation.indices.contains(i) ? $0[l].activation[i] : 0 } },
               state: state, theme: theme, rect: right, canvas: &canvas)
    }

    private static func column(title: String, side: PinTarget, candidates: [String], pinned: Int?, ranges: [CandidateRange],
                               series: (Int) -> [Float], state: ExplorerState, theme: Theme, rect: Rect, canvas: inout Canvas) {
        guard rect.height > 0 else { return }
        canvas.write(title, x: rect.x, y: rect.y, style: state.view.target == side ? theme.accent : theme.label, maxWidth: rect.width)
        let nameWidth = min(10, max(candidates.map { CharacterWidth.of($0) }.max() ?? 4, 4)) + 1
        let rangeTexts = candidates.map { name -> String in
            guard let r = ranges.first(where: { $0.candidate == name }) else { return "" }
            // Symmetric (weight) ranges as ±x keep the column narrow.
            return r.low == -r.high ? "±\(Format.short(r.high))" : "\(Format.short(r.low))…\(Format.short(r.high))"
        }
        let rangeWidth = rangeTexts.map { CharacterWidth.of($0) }.max() ?? 0
        let fixed = nameWidth + 1 + 5
        let showRanges = rect.width - fixed - rangeWidth - 1 >= 6 && rangeWidth > 0
        let sparkWidth = rect.width - fixed - (showRanges ? rangeWidth + 1 : 0) - 1
        let selected = state.view.target == side ? state.view.selectedStrategy : -1
        for (j, name) in candidates.enumerated() {
            let y = rect.y + 1 + j
            guard y < rect.maxY else { break }
            let values = series(j)
            let mark = pinned == j ? HeatmapWidget.pinMark : " "
            canvas.put(mark, x: rect.x, y: y, style: theme.pinMark)
            canvas.write(Format.padRight(name, nameWidth - 1), x: rect.x + 1, y: y,
                         style: j == selected ? theme.selection : theme.text)
            var x = rect.x + nameWidth + 1
            if sparkWidth > 0 {
                canvas.write(Sparkline.render(values, width: sparkWidth), x: x, y: y, style: theme.series(0))
                x += sparkWidth + 1
            }
            let current = values.last.map { Format.padLeft("\(Int(($0 * 100).rounded()))%", 4) } ?? "   –"
            canvas.write(current, x: x, y: y, style: theme.value)
            x += 5
            if showRanges { canvas.write(rangeTexts[j], x: x, y: y, style: theme.dim, maxWidth: rect.maxX - x) }
        }
    }
}
