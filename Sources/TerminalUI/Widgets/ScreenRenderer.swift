/// Lays the widgets out on a screen of any size and draws a whole frame.
///
/// Wide screens (the heatmap plus a 36-column side bar fit): heatmap and layer
/// detail on the left, metrics and loss chart on the right. Narrower screens:
/// heatmap on top, loss chart (or detail, `d`) and metrics below.
public enum ScreenRenderer {
    public static let minimumSize = (width: 80, height: 24)
    static let sideBarWidth = 36
    static let metricsHeight = 14
    static let detailMinHeight = 9

    public static func isTooSmall(width: Int, height: Int) -> Bool {
        width < minimumSize.width || height < minimumSize.height
    }

    /// Renders a frame. Updates the view's scroll offset and mouse map.
    public static func render(_ state: inout ExplorerState, width: Int, height: Int, theme: Theme) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        if isTooSmall(width: width, height: height) {
            state.view.layerRows = [:]
            TooSmallWidget.draw(theme: theme, minimum: minimumSize, canvas: &canvas)
            if state.view.confirmingQuit, height > 0 {
                StatusBarWidget.draw(state, theme: theme, width: width, y: height - 1, canvas: &canvas)
            }
            return canvas
        }
        TitleBarWidget.draw(state, theme: theme, width: width, y: 0, canvas: &canvas)
        LogLineWidget.draw(state.model, theme: theme, width: width, y: height - 2, canvas: &canvas)
        StatusBarWidget.draw(state, theme: theme, width: width, y: height - 1, canvas: &canvas)

        let body = Rect(x: 0, y: 1, width: width, height: height - 3)
        if state.view.showResults && state.model.summary != nil {
            state.view.layerRows = [:]
            ResultsWidget.draw(state.model, nextCommands: state.nextCommands, theme: theme, in: body, canvas: &canvas)
            if state.view.showHelp { HelpOverlay.draw(theme: theme, in: body, canvas: &canvas) }
            return canvas
        }
        let d = state.model.description
        let heatmapNeeded = 4 + (d?.layers.count ?? 8)
        let heatmapWidth = HeatmapGeometry.preferredWidth(for: d)
        let result: (scroll: Int, layerRows: [Int: Int])
        if width - heatmapWidth >= sideBarWidth {
            let (left, right) = body.splitLeft(heatmapWidth)
            let (heat, detail) = left.splitTop(min(heatmapNeeded, left.height - detailMinHeight))
            result = HeatmapWidget.draw(state, theme: theme, in: heat, canvas: &canvas, scroll: state.view.heatmapScroll)
            // Spare rows under the detail view go to a log panel.
            let detailHeight = 4 + max(d?.weightCandidates.count ?? 5, d?.activationCandidates.count ?? 5)
            if detail.height >= detailHeight + 3 {
                let (top, log) = detail.splitTop(detailHeight)
                DetailWidget.draw(state, theme: theme, in: top, canvas: &canvas)
                LogPanelWidget.draw(state.model, theme: theme, in: log, canvas: &canvas)
            } else {
                DetailWidget.draw(state, theme: theme, in: detail, canvas: &canvas)
            }
            let (metrics, chart) = right.splitTop(min(metricsHeight, right.height / 2))
            MetricsWidget.draw(state.model, theme: theme, in: metrics, canvas: &canvas)
            LossChartWidget.draw(state.model, theme: theme, in: chart, canvas: &canvas)
        } else {
            let (heat, bottom) = body.splitTop(min(heatmapNeeded, body.height - detailMinHeight))
            result = HeatmapWidget.draw(state, theme: theme, in: heat, canvas: &canvas, scroll: state.view.heatmapScroll)
            let (left, right) = bottom.splitLeft(bottom.width / 2)
            if state.view.showDetail {
                DetailWidget.draw(state, theme: theme, in: left, canvas: &canvas)
            } else {
                LossChartWidget.draw(state.model, theme: theme, in: left, canvas: &canvas)
            }
            MetricsWidget.draw(state.model, theme: theme, in: right, canvas: &canvas)
        }
        state.view.heatmapScroll = result.scroll
        state.view.layerRows = result.layerRows
        if state.view.showHelp { HelpOverlay.draw(theme: theme, in: body, canvas: &canvas) }
        return canvas
    }
}
