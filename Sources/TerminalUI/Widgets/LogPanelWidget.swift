import SearchEvents
/// The most recent log lines, newest at the bottom, where the layout has room.
public enum LogPanelWidget {
    public static func draw(_ model: SearchModel, theme: Theme, in rect: Rect, canvas: inout Canvas) {
        canvas.box(rect, title: "log", style: theme.border, titleStyle: theme.title)
        let inner = rect.inset(by: 1)
        guard inner.height > 0, inner.width > 4 else { return }
        let entries = model.log.suffix(inner.height)
        for (i, e) in entries.enumerated() {
            let y = inner.y + i
            let prefix = e.step.map { "[\($0)] " } ?? ""
            let style: CellStyle
            switch e.level {
            case .info: style = theme.text
            case .warning: style = theme.accent
            case .error: style = theme.bad
            }
            let used = canvas.write(" " + prefix, x: inner.x, y: y, style: theme.dim)
            canvas.write(e.text, x: inner.x + used, y: y, style: style, maxWidth: inner.width - used - 1)
        }
    }
}
