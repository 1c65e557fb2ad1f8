import Search
import Testing
import TerminalUI

@Suite struct ModelTests {
    @Test func historyKeepsWholeRunWithinCapacity() {
        var h = DecimatedHistory<Int>(capacity: 8)
        for i in 0..<100 { h.append(step: i, i) }
        #expect(h.count <= 8)
        #expect(h.steps.first == 0)
        #expect((h.steps.last ?? 0) >= 80)
        #expect(h.steps == h.steps.sorted())
    }

    @Test(arguments: [
        (ColorMode.auto, 256, false, ColorDepth.colors256),
        (.auto, 256, true, .monochrome),
        (.auto, 8, false, .colors8),
        (.auto, 0, false, .monochrome),
        (.palette256, 8, false, .colors8),
        (.palette8, 256, true, .colors8),
        (.none, 256, false, .monochrome),
    ])
    func colorDepthResolution(mode: ColorMode, colors: Int, noColor: Bool, expected: ColorDepth) {
        #expect(ColorDepth.resolve(mode, terminalColors: colors, noColor: noColor) == expected)
    }

    @Test func terminalEventsEndTheRunAndAreLogged() {
        var m = SearchModel()
        m.apply(.started(Fixtures.smallDescription))
        m.apply(.paused)
        #expect(m.isPaused && !m.isOver)
        m.apply(.failed(message: "disk full"))
        #expect(m.isOver && !m.isPaused)
        #expect(m.log.last == LogEntry(level: .error, text: "failed: disk full", step: nil))
    }
}
