/// Shown instead of the UI when the terminal is below the minimum size.
public enum TooSmallWidget {
    public static func message(width: Int, height: Int, minimum: (width: Int, height: Int)) -> [String] {
        ["Terminal too small: \(width)×\(height)",
         "dqss needs at least \(minimum.width)×\(minimum.height)",
         "enlarge the window, or press q to quit"]
    }

    public static func draw(theme: Theme, minimum: (width: Int, height: Int), canvas: inout Canvas) {
        let lines = message(width: canvas.width, height: canvas.height, minimum: minimum)
        let top = max(0, (canvas.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            canvas.writeCentered(line, in: canvas.bounds, y: top + i, style: i == 0 ? theme.accent : theme.text)
        }
    }
}
