/// Bottom line: the keys, or the quit confirmation prompt.
public enum StatusBarWidget {
    public static let quitPrompt = "Stop the search and quit? (y/n)"

    public static func draw(_ state: ExplorerState, theme: Theme, width: Int, y: Int, canvas: inout Canvas) {
        canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.statusBar)
        if state.view.confirmingQuit {
            canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.prompt)
            canvas.write(" " + quitPrompt, x: 0, y: y, style: theme.prompt)
            return
        }
        let target = state.view.target == .weights ? "W" : "A"
        let over = state.model.isOver
        let keys: [(String, String)] = over
            ? (state.view.showResults ? [("r", "heatmap")] : [("r", "results"), ("↑↓", "layer"), ("←→", "strategy")])
            : [("space", state.model.isPaused ? "resume" : "pause"), ("↑↓", "layer"), ("←→", "strategy"),
               ("w/a", "target:\(target)"), ("p", "pin"), ("u", "unpin"), ("s", "snapshot"), ("e", "evaluate")]
        // Help and quit always show, at the right end.
        var right = 0
        for (key, what) in [("?", "help"), ("q", "quit")] { right += CharacterWidth.of(key) + CharacterWidth.of(what) + 3 }
        var x = 1
        for (key, what) in keys {
            let need = CharacterWidth.of(key) + CharacterWidth.of(what) + 3
            if x + need > width - right { break }
            x += draw(key, what, x: x, y: y, theme: theme, canvas: &canvas)
        }
        x = max(x, width - right)
        x += draw("?", "help", x: x, y: y, theme: theme, canvas: &canvas)
        draw("q", "quit", x: x, y: y, theme: theme, canvas: &canvas)
    }

    @discardableResult
    private static func draw(_ key: String, _ what: String, x: Int, y: Int, theme: Theme, canvas: inout Canvas) -> Int {
        let k = canvas.write(key, x: x, y: y, style: theme.statusKey)
        return k + canvas.write(" " + what + "  ", x: x + k, y: y, style: theme.statusBar)
    }
}
