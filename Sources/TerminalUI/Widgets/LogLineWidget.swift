import SearchEvents
/// One line with the latest log message (notes, snapshots, errors).
public enum LogLineWidget {
    public static func draw(_ model: SearchModel, theme: Theme, width: Int, y: Int, canvas: inout Canvas) {
        guard let e = model.log.last else { return }
        let prefix = e.step.map { "[step \($0)] " } ?? ""
        let style: CellStyle
        switch e.level {
        case .info: style = theme.text
        case .warning: style = theme.accent
        case .error: style = theme.bad
        }
        canvas.write(" " + prefix, x: 0, y: y, style: theme.dim)
        canvas.write(e.text, x: 1 + CharacterWidth.of(prefix), y: y, style: style, maxWidth: width - 2 - CharacterWidth.of(prefix))
    }
}
