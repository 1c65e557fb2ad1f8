/// The `?` overlay: every key binding in a centred box.
public enum HelpOverlay {
    public static let title = "Keys"
    public static let bindings: [(String, String)] = [
        ("space", "pause / resume the search"),
        ("↑ ↓  j k", "select layer (PgUp PgDn g G jump)"),
        ("← →  h l", "select strategy"),
        ("w / a", "strategy cursor and pins act on weights / activations"),
        ("p", "pin selected layer to selected strategy"),
        ("u", "unpin selected layer (current side)"),
        ("s", "write a snapshot"),
        ("e", "evaluate the derived strategy now"),
        ("d  enter", "detail view / loss chart (narrow screens)"),
        ("r", "results / heatmap (after the search)"),
        ("mouse", "click a layer row to select it"),
        ("?", "show / hide this help"),
        ("q", "quit (stops the search after y)"),
    ]

    public static func draw(theme: Theme, in screen: Rect, canvas: inout Canvas) {
        let keyWidth = bindings.map { CharacterWidth.of($0.0) }.max() ?? 0
        let textWidth = bindings.map { CharacterWidth.of($0.1) }.max() ?? 0
        let w = min(screen.width - 2, keyWidth + textWidth + 7)
        let h = min(screen.height - 2, bindings.count + 4)
        let rect = Rect(x: screen.x + (screen.width - w) / 2, y: screen.y + (screen.height - h) / 2, width: w, height: h)
        canvas.fill(rect)
        canvas.box(rect, title: title, style: theme.accent, titleStyle: theme.accent)
        for (i, (key, text)) in bindings.enumerated() {
            let y = rect.y + 1 + i
            guard y < rect.maxY - 2 else { break }
            canvas.write(key, x: rect.x + 2, y: y, style: theme.value)
            canvas.write(text, x: rect.x + 4 + keyWidth, y: y, style: theme.text, maxWidth: rect.maxX - rect.x - keyWidth - 6)
        }
        canvas.writeCentered("press ? or esc to close", in: rect, y: rect.maxY - 2, style: theme.dim)
    }
}
