import Testing
import TerminalUI

@Suite struct LayoutTests {
    func frame(_ w: Int, _ h: Int, state: ExplorerState = Fixtures.demoState(steps: 150)) -> Canvas {
        var s = state
        return ScreenRenderer.render(&s, width: w, height: h, theme: Theme(depth: .colors256))
    }

    @Test func compact80x24ShowsEveryPanelAndScrolls() {
        let c = frame(80, 24)
        let text = c.text
        #expect(c.row(0).contains("resnet20-fmnist"))
        #expect(c.row(0).contains("▶ running"))
        #expect(text.contains("strategy probabilities"))
        #expect(text.contains("stage1.block0.conv1"))
        #expect(text.contains("of 20"))
        #expect(text.contains("metrics"))
        #expect(text.contains("150 / 300"))
        #expect(text.contains("loss"))
        #expect(c.row(23).contains("space"))
        #expect(c.row(23).contains("quit"))
        // Nothing but the layout may use the last column's neighbour rows: status bar is full width.
        #expect(c.row(23).count == 80)
    }

    @Test func compactDetailToggleReplacesTheChart() {
        var s = Fixtures.demoState(steps: 150)
        s.view.showDetail = true
        s.view.selectedLayer = 3
        let c = frame(80, 24, state: s)
        #expect(c.text.contains("layer 3 · stage1.block1.conv1"))
        #expect(!c.text.contains("● loss"))
    }

    @Test func wide200x60ShowsAllLayersDetailAndChart() {
        let c = frame(200, 60)
        let text = c.text
        for name in ["stem", "stage1.block0.conv1", "stage2.block1.conv2", "stage3.block2.conv2", "fc"] {
            #expect(text.contains(name), "missing \(name)")
        }
        #expect(!text.contains("of 20"))
        #expect(text.contains("layer 0 · stem"))
        #expect(text.contains("minmax"))
        #expect(text.contains("● loss"))
        #expect(text.contains("evaluations (top-1)"))
        #expect(text.contains("steps/s"))
    }

    @Test func wide120x40FitsTheWholeHeatmap() {
        let c = frame(120, 40)
        #expect(c.text.contains("stage3.block2.conv2"))
        #expect(c.text.contains("layer 0 · stem"))
        #expect(!c.text.contains("of 20"))
    }

    @Test func wideLayoutShowsRecentLogLines() {
        var s = Fixtures.demoState(steps: 150)
        s.apply(.message("first note"))
        s.apply(.message("second note"))
        let c = frame(120, 40, state: s)
        let rows = (0..<40).map { c.row($0) }
        let logTitle = rows.firstIndex { $0.contains("─ log ─") }
        let first = rows.firstIndex { $0.contains("[150] first note") }
        let second = rows.firstIndex { $0.contains("[150] second note") }
        #expect(logTitle != nil && first != nil && second != nil)
        if let first, let second { #expect(second == first + 1) }
    }

    @Test func finishedRunShowsEvaluations() {
        let c = frame(120, 40, state: Fixtures.demoState())
        #expect(c.row(0).contains("✓ finished"))
        #expect(c.text.contains("derived"))
        #expect(c.text.contains("90.46"))
        #expect(c.text.contains("+0.59 vs best"))
        #expect(c.text.contains("aciq/mse"))
    }

    @Test(arguments: [(79, 24), (80, 23), (40, 10)])
    func tooSmallShowsTheNeededSize(size: (Int, Int)) {
        let c = frame(size.0, size.1)
        #expect(c.text.contains("\(size.0)×\(size.1)"))
        #expect(c.text.contains("80×24"))
        #expect(!c.text.contains("strategy probabilities"))
    }

    @Test func helpOverlayListsKeys() {
        var s = Fixtures.demoState(steps: 10)
        s.view.showHelp = true
        let c = frame(120, 40, state: s)
        #expect(c.text.contains("Keys"))
        #expect(c.text.contains("pin selected layer to selected strategy"))
    }

    @Test func pausedAndConfirmStatesAreVisible() {
        var s = Fixtures.demoState(steps: 10)
        s.apply(.paused)
        s.view.confirmingQuit = true
        let c = frame(100, 30, state: s)
        #expect(c.row(0).contains("‖ PAUSED"))
        #expect(c.row(29).contains(StatusBarWidget.quitPrompt))
    }

    @Test func logLineShowsLatestMessage() {
        var s = Fixtures.demoState(steps: 10)
        s.apply(.snapshotWritten(path: "/tmp/snap.json"))
        let c = frame(100, 30, state: s)
        #expect(c.row(28).contains("snapshot written: /tmp/snap.json"))
    }
}
