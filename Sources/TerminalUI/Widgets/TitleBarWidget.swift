/// Top line: what runs, and a run-state mark (running, PAUSED, finished…).
public enum TitleBarWidget {
    public static func runStateText(_ state: ExplorerState) -> String {
        let m = state.model, v = state.view
        if m.failure != nil { return "✗ FAILED" }
        if m.summary != nil { return "✓ finished" }
        if v.quitting { return "■ stopping…" }
        if m.isPaused { return v.pendingPause == false ? "‖ PAUSED (resuming…)" : "‖ PAUSED" }
        if v.pendingPause == true { return "‖ pausing…" }
        return m.description == nil ? "… waiting" : "▶ running"
    }

    public static func draw(_ state: ExplorerState, theme: Theme, width: Int, y: Int, canvas: inout Canvas) {
        let m = state.model
        canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.statusBar)
        var left = " dqss"
        if let d = m.description {
            left += " · \(d.model) · \(d.mode.rawValue.uppercased()) \(d.bitsLabel) · \(Format.phase(m.phase))"
        }
        let right = runStateText(state) + " "
        let style: CellStyle
        if m.failure != nil { style = theme.bad.with(reverse: true) } else if m.isPaused || state.view.pendingPause != nil {
            style = theme.accent.with(reverse: true)
        } else { style = theme.statusKey }
        canvas.write(left, x: 0, y: y, style: theme.statusKey, maxWidth: width - CharacterWidth.of(right) - 1)
        canvas.writeRight(right, maxX: width, y: y, style: style)
    }
}
