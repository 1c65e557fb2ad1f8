import Search
import Testing
import TerminalUI

@Suite struct KeyReducerTests {
    @Test func spacePausesThenResumes() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.character(" "))
        #expect(f.sent == [.pause])
        #expect(f.state.view.pendingPause == true)
        f.state.apply(.paused)
        #expect(f.state.view.pendingPause == nil)
        f.press(.character(" "))
        #expect(f.sent == [.pause, .resume])
    }

    @Test func pinUsesSelectedLayerAndStrategy() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.down, .character("l"), .character("l"), .character("p"))
        #expect(f.sent == [.pin(layer: 1, pin: LayerPin(weight: 2, activation: nil))])
        f.press(.character("a"), .right, .character("p"))
        #expect(f.sent.last == .pin(layer: 1, pin: LayerPin(weight: nil, activation: 1)))
    }

    @Test func pinKeepsTheOtherSidesPin() {
        var f = FakeSink(state: Fixtures.smallState())  // layer 2 has weights pinned to 1
        f.press(.character("G"), .character("a"), .character("l"), .character("l"), .character("p"))
        #expect(f.sent == [.pin(layer: 2, pin: LayerPin(weight: 1, activation: 2))])
    }

    @Test func unpinRemovesOnlyTheTargetSide() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.character("j"), .character("j"), .character("a"), .character("u"))
        #expect(f.sent.isEmpty)  // activations of layer 2 are not pinned: nothing to send
        f.state.apply(.pinned(layer: 2, pin: LayerPin(weight: 1, activation: 0)))
        f.press(.character("u"))
        #expect(f.sent == [.pin(layer: 2, pin: LayerPin(weight: 1, activation: nil))])
        f.state.apply(.pinned(layer: 2, pin: LayerPin(weight: 1)))
        f.press(.character("w"), .character("u"))
        #expect(f.sent.last == .unpin(layer: 2))
    }

    @Test func selectionIsClamped() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.up, .character("k"), .left)
        #expect(f.state.view.selectedLayer == 0)
        #expect(f.state.view.selectedWeight == 0)
        f.press(.down, .down, .down, .down, .right, .right, .right, .right)
        #expect(f.state.view.selectedLayer == 2)
        #expect(f.state.view.selectedWeight == 2)
        #expect(f.state.view.selectedActivation == 0)
    }

    @Test func snapshotAndEvaluate() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.character("s"), .character("e"))
        #expect(f.sent == [.snapshot(path: nil), .evaluate])
    }

    @Test func quitAsksThenStopsAndWaitsForTheEnd() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.character("q"))
        #expect(f.state.view.confirmingQuit)
        #expect(f.sent.isEmpty && !f.exited)
        f.press(.character("n"))
        #expect(!f.state.view.confirmingQuit && f.sent.isEmpty)
        f.press(.character("q"), .character("x"))
        #expect(f.state.view.confirmingQuit)  // other keys do not answer the prompt
        f.press(.character("y"))
        #expect(f.sent == [.stop])
        #expect(f.state.view.quitting && !f.exited)
        f.press(.character(" "), .character("p"))
        #expect(f.sent == [.stop])  // nothing else is sent while stopping
        f.state.apply(.finished(SearchSummary(weightChoices: [], activationChoices: [], evaluations: [], snapshotPath: nil)))
        f.press(.character("q"))
        #expect(f.exited)
    }

    @Test func quitAfterTheSearchEndedNeedsNoConfirmation() {
        var f = FakeSink(state: Fixtures.smallState())
        f.state.apply(.failed(message: "out of memory"))
        f.press(.character("q"))
        #expect(f.exited && f.sent.isEmpty)
    }

    @Test func helpSwallowsKeysUntilClosed() {
        var f = FakeSink(state: Fixtures.smallState())
        f.press(.character("?"))
        #expect(f.state.view.showHelp)
        f.press(.character("p"), .down)
        #expect(f.sent.isEmpty && f.state.view.selectedLayer == 0)
        f.press(.escape)
        #expect(!f.state.view.showHelp)
    }

    @Test func clickSelectsTheLayerUnderTheMouse() {
        var s = Fixtures.demoState(steps: 5)
        _ = ScreenRenderer.render(&s, width: 120, height: 40, theme: Theme(depth: .monochrome))
        let row = try? #require(s.view.layerRows.first { $0.value == 7 }?.key)
        var f = FakeSink(state: s)
        f.press(.click(x: 10, y: row ?? -1))
        #expect(f.state.view.selectedLayer == 7)
        f.press(.click(x: 10, y: 0))
        #expect(f.state.view.selectedLayer == 7)
    }
}
