/// A sub-cell pixel grid, 2×4 dots per terminal cell, drawn as Unicode braille.
public struct BrailleGrid: Sendable {
    public let columns: Int
    public let rows: Int
    /// Pixel size: 2 per column, 4 per row.
    public var pixelWidth: Int { columns * 2 }
    public var pixelHeight: Int { rows * 4 }
    private var bits: [UInt8]
    /// Series index that last touched each cell, so a cell takes one colour.
    private var owner: [Int]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: -1, count: self.columns * self.rows)
    }

    // Dot numbering of the braille block: bit for (px % 2, py % 4).
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets pixel (px, py), with py = 0 at the top. Outside pixels are ignored.
    public mutating func set(_ px: Int, _ py: Int, series: Int = 0) {
        guard px >= 0, px < pixelWidth, py >= 0, py < pixelHeight else { return }
        let i = (py / 4) * columns + px / 2
        bits[i] |= Self.dotBits[px % 2][py % 4]
        owner[i] = series
    }

    /// Draws a straight line between two pixels (Bresenham).
    public mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int = 0) {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x0, y0, series: series)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    public func character(column: Int, row: Int) -> Character? {
        let b = bits[row * columns + column]
        guard b != 0 else { return nil }
        return Character(Unicode.Scalar(0x2800 + UInt32(b))!)
    }

    public func series(column: Int, row: Int) -> Int { owner[row * columns + column] }

    /// Copies the non-empty cells onto the canvas at (x, y); `style(series)` colours them.
    public func draw(into canvas: inout Canvas, x: Int, y: Int, style: (Int) -> CellStyle) {
        for r in 0..<rows {
            for c in 0..<columns {
                if let ch = character(column: c, row: r) {
                    canvas.put(ch, x: x + c, y: y + r, style: style(owner[r * columns + c]))
                }
            }
        }
    }
}
