import Search
import Testing
import TerminalUI

@Suite struct HeatmapTests {
    let frame = Rect(x: 0, y: 0, width: 64, height: 8)

    func render(_ depth: ColorDepth, state: ExplorerState = Fixtures.smallState()) -> (Canvas, HeatmapGeometry) {
        var canvas = Canvas(width: 64, height: 8)
        HeatmapWidget.draw(state, theme: Theme(depth: depth), in: frame, canvas: &canvas)
        return (canvas, HeatmapGeometry(frame: frame, description: Fixtures.smallDescription))
    }

    func cellText(_ c: Canvas, x: Int, y: Int) -> String {
        String((x..<(x + HeatmapGeometry.cellWidth)).map { c[$0, y].character })
    }

    @Test func rowsShowNameKindAndShape() throws {
        let (c, g) = render(.monochrome)
        let y0 = try #require(g.rowY(layer: 0, scroll: 0))
        #expect(c.row(y0).contains("stem"))
        #expect(c.row(y0).contains("conv"))
        #expect(c.row(y0).contains("8×1×3×3"))
        #expect(c.row(y0 + 1).contains("block.conv"))
        #expect(c.row(y0 + 1).contains("dw"))
        #expect(c.row(y0 + 2).contains("fc"))
        // Three candidates leave 12 columns: the activation title shortens to its bit-width.
        #expect(c.row(1).contains("weights W4"))
        #expect(c.row(1).contains("│ A4"))
    }

    @Test func learnedRoundingHeadersKeepTheirRange() {
        #expect(Format.abbreviation("mse") == "mse")
        #expect(Format.abbreviation("adaround(mse)") == "~ms")
        #expect(Format.abbreviation("adaround(kl)") == "~kl")
    }

    @Test func monochromeUsesIntensityGlyphsAndMarksArgmax() throws {
        let (c, g) = render(.monochrome)
        let y0 = try #require(g.rowY(layer: 0, scroll: 0))
        // Layer 0 weights: 0.1, 0.7 (argmax), 0.2 → ' ', '▓', '░'.
        #expect(cellText(c, x: g.cellX(.weights, 1), y: y0) == "▸▓▓▓")
        #expect(cellText(c, x: g.cellX(.weights, 2), y: y0) == " ░░░")
        // Activations: 0.05, 0.9 (argmax), 0.05.
        #expect(cellText(c, x: g.cellX(.activations, 1), y: y0) == "▸███")
        #expect(cellText(c, x: g.cellX(.activations, 0), y: y0) == "    ")
    }

    @Test func pinnedCellAndRowAreMarked() throws {
        let (c, g) = render(.monochrome)
        let y2 = try #require(g.rowY(layer: 2, scroll: 0))
        // Layer 2 weights pinned to candidate 1 (p 0.03); argmax is candidate 0 (0.95).
        #expect(cellText(c, x: g.cellX(.weights, 1), y: y2) == "◆   ")
        #expect(cellText(c, x: g.cellX(.weights, 0), y: y2) == "▸███")
        #expect(c[g.pinX, y2].character == "◆")
        let y0 = try #require(g.rowY(layer: 0, scroll: 0))
        #expect(c[g.pinX, y0].character == " ")
    }

    @Test func colors256UseTheRampAndPrintPercentages() throws {
        let (c, g) = render(.colors256)
        let y0 = try #require(g.rowY(layer: 0, scroll: 0))
        let x = g.cellX(.weights, 1)
        #expect(cellText(c, x: x, y: y0) == "▸ 70")
        #expect(c[x + 2, y0].style.background == .indexed(Theme.ramp256[10]))
        let low = g.cellX(.weights, 0)
        #expect(cellText(c, x: low, y: y0) == "  10")
        #expect(c[low + 2, y0].style.background == .indexed(Theme.ramp256[1]))
    }

    @Test func colors8PairGlyphsWithColours() throws {
        let (c, g) = render(.colors8)
        let y2 = try #require(g.rowY(layer: 2, scroll: 0))
        let x = g.cellX(.weights, 0)
        #expect(cellText(c, x: x, y: y2) == "▸███")
        #expect(c[x + 1, y2].style.foreground == .yellow)
    }

    @Test func cursorCellIsReversed() throws {
        var s = Fixtures.smallState()
        s.view.selectedLayer = 1
        s.view.target = .activations
        s.view.selectedActivation = 2
        let (c, g) = render(.monochrome, state: s)
        let y1 = try #require(g.rowY(layer: 1, scroll: 0))
        #expect(c[g.cellX(.activations, 2) + 1, y1].style.reverse)
        #expect(!c[g.cellX(.activations, 1) + 1, y1].style.reverse)
        #expect(c[0 + 1, y1].character == "▶")
    }

    @Test func scrollKeepsSelectedLayerVisible() throws {
        var s = Fixtures.demoState(steps: 20)
        s.view.selectedLayer = 21
        var canvas = Canvas(width: 90, height: 10)
        let frame = Rect(x: 0, y: 0, width: 90, height: 10)
        let result = HeatmapWidget.draw(s, theme: Theme(depth: .monochrome), in: frame, canvas: &canvas)
        #expect(result.scroll == 16)
        #expect(result.layerRows.values.sorted() == Array(16...21))
        #expect(canvas.text.contains("fc"))
        #expect(!canvas.text.contains("stem"))
        #expect(canvas.row(9).contains("17–22 of 22"))
    }
}
