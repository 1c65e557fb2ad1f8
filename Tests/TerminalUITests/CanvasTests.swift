import Testing
import TerminalUI

@Suite struct CanvasTests {
    @Test func writeClipsToWidthAndReadsBack() {
        var c = Canvas(width: 10, height: 2)
        let used = c.write("hello world", x: 3, y: 1)
        #expect(used == 7)
        #expect(c.row(1) == "   hello w")
        #expect(c.row(0) == String(repeating: " ", count: 10))
    }

    @Test func wideCharacterTakesTwoCellsAndIsClearedWhenHalfOverwritten() {
        var c = Canvas(width: 6, height: 1)
        c.write("a漢b", x: 0, y: 0)
        #expect(c[1, 0].character == "漢")
        #expect(c[2, 0].isContinuation)
        #expect(c[3, 0].character == "b")
        #expect(c.row(0) == "a漢b  ")
        c.put("x", x: 2, y: 0)
        #expect(c.row(0) == "a xb  ")
        #expect(!c[2, 0].isContinuation)
    }

    @Test func wideCharacterAtLastColumnBecomesBlank() {
        var c = Canvas(width: 3, height: 1)
        c.put("漢", x: 2, y: 0)
        #expect(c.row(0) == "   ")
    }

    @Test func brailleAndBlocksAreSingleWidth() {
        #expect(CharacterWidth.of("⣿") == 1)
        #expect(CharacterWidth.of("█") == 1)
        #expect(CharacterWidth.of("│") == 1)
        #expect(CharacterWidth.of("漢") == 2)
        #expect(CharacterWidth.of("🎯") == 2)
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = Canvas(width: 5, height: 3)
        a.write("abc", x: 0, y: 0)
        var b = a
        b.put("X", x: 1, y: 0)
        b.put("Y", x: 4, y: 2, style: CellStyle(bold: true))
        let changes = b.changes(since: a)
        #expect(changes.map { [$0.x, $0.y] } == [[1, 0], [4, 2]])
        #expect(changes[1].cell.style.bold)
        #expect(b.changes(since: b).isEmpty)
        // A style-only change is a change too.
        var c = b
        c.restyle(Rect(x: 0, y: 0, width: 1, height: 1)) { $0.with(reverse: true) }
        #expect(c.changes(since: b).map { [$0.x, $0.y] } == [[0, 0]])
    }

    @Test func diffWithoutPreviousOrAfterResizeIsFull() {
        let a = Canvas(width: 4, height: 2)
        #expect(a.changes(since: nil).count == 8)
        #expect(a.changes(since: Canvas(width: 3, height: 2)).count == 8)
    }

    @Test func boxDrawsCornersAndTitle() {
        var c = Canvas(width: 12, height: 3)
        c.box(c.bounds, title: "hi")
        #expect(c.row(0) == "╭─ hi ─────╮")
        #expect(c.row(1) == "│          │")
        #expect(c.row(2) == "╰──────────╯")
    }

    @Test func brailleGridSetsTheRightDots() {
        var g = BrailleGrid(columns: 2, rows: 1)
        g.set(0, 0)
        g.set(1, 3)
        #expect(g.character(column: 0, row: 0) == "\u{2881}")
        #expect(g.character(column: 1, row: 0) == nil)
        g.line(from: (0, 0), to: (3, 0))
        #expect(g.character(column: 1, row: 0) == "\u{2809}")
    }

    @Test func sparklineMapsZeroAndOneToEndGlyphs() {
        #expect(Sparkline.render([0, 0.5, 1], width: 10) == "▁▅█")
        #expect(Sparkline.render([0, 0, 1, 1], width: 2) == "▁█")
    }
}
