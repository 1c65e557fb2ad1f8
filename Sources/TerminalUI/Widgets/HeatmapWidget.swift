import SearchEvents

/// One row per quantizable layer, one column per candidate strategy, for
/// weights and activations side by side. A cell shows the probability (colour
/// ramp, or intensity glyphs without colour), `▸` on the argmax and `◆` on a pin.
public enum HeatmapWidget {
    public static let argmaxMark: Character = "▸"
    public static let pinMark: Character = "◆"

    /// Draws the heatmap and returns the scroll offset used and the row → layer map.
    @discardableResult
    public static func draw(_ state: ExplorerState, theme: Theme, in rect: Rect, canvas: inout Canvas,
                            scroll: Int = 0) -> (scroll: Int, layerRows: [Int: Int]) {
        let model = state.model, view = state.view
        var title = "strategy probabilities"
        if let s = model.lastStep { title += " · τ \(Format.short(s.temperature))" }
        canvas.box(rect, title: title, style: theme.border, titleStyle: theme.title)
        guard let d = model.description, rect.width > 10, rect.height > 4 else {
            canvas.writeCentered("waiting for the search to start…", in: rect.inset(by: 1), y: rect.y + rect.height / 2, style: theme.dim)
            return (0, [:])
        }
        let g = HeatmapGeometry(frame: rect, description: d)
        let inner = rect.inset(by: 1)

        // Header: side titles, then candidate abbreviations.
        // Long side titles where the cell block has room, bit-widths alone otherwise.
        let wLong = "weights W\(d.weightBits)", aLong = "activations A\(d.activationBits)"
        let wTitle = CharacterWidth.of(wLong) < g.cellWidthTotal(.weights) ? wLong : "W\(d.weightBits)"
        let aTitle = CharacterWidth.of(aLong) < g.cellWidthTotal(.activations) ? aLong : "A\(d.activationBits)"
        let wStyle = view.target == .weights ? theme.accent : theme.label
        let aStyle = view.target == .activations ? theme.accent : theme.label
        canvas.write("layer", x: g.nameX, y: inner.y, style: theme.label, maxWidth: g.nameWidth)
        canvas.write(wTitle, x: g.weightX + 1, y: inner.y, style: wStyle, maxWidth: g.cellWidthTotal(.weights) - 1)
        canvas.write(aTitle, x: g.activationX + 1, y: inner.y, style: aStyle, maxWidth: inner.maxX - g.activationX - 1)
        for (j, name) in d.weightCandidates.enumerated() {
            let selected = view.target == .weights && view.selectedWeight == j
            canvas.write(Format.padLeft(Format.abbreviation(name), 3), x: g.cellX(.weights, j) + 1, y: inner.y + 1,
                         style: selected ? theme.accent.with(reverse: true) : theme.label)
        }
        for (i, name) in d.activationCandidates.enumerated() {
            let selected = view.target == .activations && view.selectedActivation == i
            canvas.write(Format.padLeft(Format.abbreviation(name), 3), x: g.cellX(.activations, i) + 1, y: inner.y + 1,
                         style: selected ? theme.accent.with(reverse: true) : theme.label)
        }
        for y in inner.y..<inner.maxY { canvas.put("│", x: g.separatorX, y: y, style: theme.border) }

        // Keep the selected layer in view.
        var top = min(max(scroll, 0), max(d.layers.count - g.visibleRows, 0))
        if view.selectedLayer < top { top = view.selectedLayer }
        if g.visibleRows > 0, view.selectedLayer >= top + g.visibleRows { top = view.selectedLayer - g.visibleRows + 1 }

        var rows: [Int: Int] = [:]
        let probs = model.currentProbabilities
        for (l, layer) in d.layers.enumerated() {
            guard let y = g.rowY(layer: l, scroll: top) else { continue }
            rows[y] = l
            let selected = l == view.selectedLayer
            if selected { canvas.put("▶", x: inner.x, y: y, style: theme.accent) }
            canvas.write(Format.padRight(Format.truncateHead(layer.name, to: g.nameWidth), g.nameWidth), x: g.nameX, y: y,
                         style: selected ? theme.selection : theme.text)
            let pin = model.pins[l]
            if pin != nil { canvas.put(pinMark, x: g.pinX, y: y, style: theme.pinMark) }
            canvas.write(Format.kind(layer.kind), x: g.kindX, y: y, style: theme.dim, maxWidth: HeatmapGeometry.kindWidth - 1)
            if g.shapeWidth > 0 {
                canvas.write(Format.shape(layer.weightShape), x: g.shapeX, y: y, style: theme.dim, maxWidth: g.shapeWidth - 1)
            }
            let p = probs.flatMap { $0.indices.contains(l) ? $0[l] : nil }
            drawCells(p?.weight, side: .weights, count: d.weightCandidates.count, pinned: pin?.weight,
                      state: state, layer: l, g: g, y: y, theme: theme, canvas: &canvas)
            drawCells(p?.activation, side: .activations, count: d.activationCandidates.count, pinned: pin?.activation,
                      state: state, layer: l, g: g, y: y, theme: theme, canvas: &canvas)
        }

        // Bottom edge: legend and scroll position.
        let legend = " \(argmaxMark) argmax  \(pinMark) pinned "
        canvas.write(legend, x: rect.x + 2, y: rect.maxY - 1, style: theme.label, maxWidth: rect.width - 4)
        if d.layers.count > g.visibleRows, g.visibleRows > 0 {
            let pos = " \(top + 1)–\(min(top + g.visibleRows, d.layers.count)) of \(d.layers.count) "
            canvas.writeRight(pos, maxX: rect.maxX - 2, y: rect.maxY - 1, style: theme.label)
        }
        return (top, rows)
    }

    private static func drawCells(_ p: [Float]?, side: PinTarget, count: Int, pinned: Int?, state: ExplorerState,
                                  layer: Int, g: HeatmapGeometry, y: Int, theme: Theme, canvas: inout Canvas) {
        let argmax = p.flatMap { v in v.indices.max { v[$0] < v[$1] } }
        for j in 0..<count {
            let x = g.cellX(side, j)
            let cursor = layer == state.view.selectedLayer && side == state.view.target && j == state.view.selectedStrategy
            guard let p, p.indices.contains(j) else {
                canvas.write("  · ", x: x, y: y, style: cursor ? theme.selection : theme.dim)
                continue
            }
            var style = theme.heatStyle(p[j])
            let mark: Character = pinned == j ? pinMark : (argmax == j ? argmaxMark : " ")
            if mark != " " { style.bold = true }
            if cursor { style.reverse = true }
            canvas.put(mark, x: x, y: y, style: style)
            if theme.depth == .colors256 {
                canvas.write(Format.padLeft(String(Int((p[j] * 100).rounded())), 3), x: x + 1, y: y, style: style)
            } else {
                let glyph = theme.heatGlyph(p[j])
                for k in 1..<HeatmapGeometry.cellWidth { canvas.put(glyph, x: x + k, y: y, style: style) }
            }
        }
    }
}
