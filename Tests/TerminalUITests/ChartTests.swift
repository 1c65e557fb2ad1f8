import Testing
import TerminalUI

@Suite struct ChartTests {
    /// A falling line from 1 at step 0 to 0 at step 10.
    func drawFalling() -> Canvas {
        var c = Canvas(width: 40, height: 12)
        let s = LossChartWidget.Series(name: "loss", steps: Array(0...10), values: (0...10).map { 1 - Float($0) / 10 })
        LossChartWidget.draw(series: [s], theme: Theme(depth: .monochrome), in: c.bounds, canvas: &c)
        return c
    }

    func braille(_ ch: Character) -> UInt32? {
        let v = ch.unicodeScalars.first!.value
        return (0x2800...0x28FF).contains(v) ? v - 0x2800 : nil
    }

    @Test func axesLabelsAndLatestValue() throws {
        let c = drawFalling()
        #expect(c.row(0).contains("loss"))
        #expect(c.row(1).contains("● loss 0"))
        #expect(c.row(2).contains(" 1.000┤"))
        #expect(c.text.contains("0.5000"))
        let axisRow = try #require((0..<c.height).first { c.row($0).contains("└") })
        #expect(c.row(axisRow + 1).contains("step"))
        #expect(c.row(axisRow + 1).contains("10"))
    }

    @Test func lineRunsFromTopLeftToBottomRight() throws {
        let c = drawFalling()
        let top = 2
        let axisX = try #require((0..<c.width).first { c[$0, top].character == "┤" })
        let axisRow = try #require((0..<c.height).first { c.row($0).contains("└") })
        let bottom = axisRow - 1
        let right = c.width - 2
        // First pixel: top-left dot of the first plot cell.
        let first = try #require(braille(c[axisX + 1, top].character))
        #expect(first & 0x01 != 0)
        // Last pixel: bottom-right dot of the last plot cell.
        let last = try #require(braille(c[right, bottom].character))
        #expect(last & 0x80 != 0)
        // A falling line leaves the opposite corners empty.
        #expect(c[right, top].character == " ")
        #expect(c[axisX + 1, bottom].character == " ")
    }

    @Test func termsGetTheirOwnLegendEntries() {
        var c = Canvas(width: 60, height: 10)
        let total = LossChartWidget.Series(name: "loss", steps: [1, 2], values: [2, 1.5])
        let task = LossChartWidget.Series(name: "task", steps: [1, 2], values: [1.5, 1.25])
        LossChartWidget.draw(series: [total, task], theme: Theme(depth: .colors256), in: c.bounds, canvas: &c)
        #expect(c.row(1).contains("loss 1.500"))
        #expect(c.row(1).contains("task 1.250"))
    }

    @Test func emptyChartSaysItIsWaiting() {
        var c = Canvas(width: 40, height: 8)
        LossChartWidget.draw(series: [], theme: Theme(depth: .monochrome), in: c.bounds, canvas: &c)
        #expect(c.text.contains("waiting for the first step"))
    }
}
