import Testing
import TerminalUI
import SearchEvents

@Suite struct LayoutTests {
    func frame(_ w: Int, _ h: Int, state: ExplorerState = Fixtures.demoState(steps: 150)) -> Canvas {
        var s = state
        return ScreenRenderer.render(&s, width: w, height: h, theme: Theme(depth: .colors256))
    }

    @Test func compact80x24ShowsEveryPanelAndScrolls() {
        let c = frame(80, 24)
        let text = c.text
        #expect(c.row(0).contains("resnet20"))
        #expect(c.row(0).contains("▶ running"))
        #expect(text.contains("strategy probabilities"))
        #expect(text.contains("stage1.block0.conv1"))
        #expect(text.contains("of 22"))
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
        #expect(!text.contains("of 22"))
        #expect(text.contains("layer 0 · stem"))
        #expect(text.contains("minmax"))
        #expect(text.contains("● loss"))
        #expect(text.contains("steps/s"))
    }

    @Test func wide120x40FitsTheWholeHeatmap() {
        let c = frame(120, 40)
        // All 22 rows of ResNet-20; the metrics and loss panels share the bottom.
        #expect(c.text.contains("stem.conv"))
        #expect(c.text.contains("fc   10×64"))
        #expect(!c.text.contains("of 22"))
        #expect(c.text.contains("─ metrics ─"))
        #expect(c.text.contains("● loss"))
    }

    @Test func wideLayoutShowsRecentLogLines() {
        var s = Fixtures.demoState(steps: 150)
        s.apply(.message("first note"))
        s.apply(.message("second note"))
        let c = frame(200, 60, state: s)
        let rows = (0..<60).map { c.row($0) }
        let logTitle = rows.firstIndex { $0.contains("─ log ─") }
        let first = rows.firstIndex { $0.contains("[150] first note") }
        let second = rows.firstIndex { $0.contains("[150] second note") }
        #expect(logTitle != nil && first != nil && second != nil)
        if let first, let second { #expect(second == first + 1) }
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func finishedRunOpensTheResultsView(size: (Int, Int)) throws {
        var s = Fixtures.demoState()
        s.nextCommands = ["dqss eval --model resnet20 --strategy runs/search/snapshot.json"]
        let c = frame(size.0, size.1, state: s)
        let results = SearchResults(s.model)
        let final = try #require(results.final), uniform = try #require(results.bestUniform)
        #expect(c.row(0).contains("✓ finished"))
        #expect(c.text.contains("─ results ─"))
        let rows = (0..<size.1).map { c.row($0) }
        let finalRow = try #require(rows.first { $0.contains(s.model.title(of: final)) })
        #expect(finalRow.contains(SearchResults.metric(final.value)))
        #expect(finalRow.contains(SearchResults.signed(final.value - uniform.value)))
        #expect(finalRow.contains(SearchResults.objective(final.calibrationObjective)))
        #expect(rows.contains { $0.contains(s.model.title(of: uniform)) && $0.contains(SearchResults.metric(uniform.value)) })
        #expect(rows.contains { $0.contains("float") && $0.contains(SearchResults.metric(try! #require(results.float).value)) })
        #expect(c.text.contains(try #require(results.verdict)))
        #expect(c.text.contains("dqss eval --model resnet20 --strategy runs/search/snapshot.json"))
        #expect(c.row(size.1 - 1).contains("r heatmap"))
    }

    @Test func rTogglesBetweenResultsAndHeatmap() {
        var s = Fixtures.demoState()
        #expect(s.view.showResults)
        _ = KeyReducer.handle(.character("r"), state: &s)
        let c = frame(120, 40, state: s)
        #expect(!c.text.contains("─ results ─"))
        #expect(c.text.contains("strategy probabilities"))
        #expect(c.text.contains("evaluations (top-1)"))
        #expect(c.row(39).contains("r results"))
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
