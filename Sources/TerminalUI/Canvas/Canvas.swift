/// A grid of cells that widgets draw into. Pure Swift: tests read it back as
/// text, and the terminal backend sends only the cells that changed.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)×\(height)")
        return cells[y * width + x]
    }

    /// Puts one character; out-of-bounds writes are dropped. Returns the columns used.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: CellStyle = .plain) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        var ch = character
        var w = CharacterWidth.of(ch)
        if w == 0 { ch = " "; w = 1 }  // control characters would corrupt the screen
        // A wide character that does not fit becomes a blank, as terminals do.
        if w == 2 && x + 1 >= width { ch = " "; w = 1 }
        clearWidePartners(x: x, y: y)
        cells[y * width + x] = Cell(character: ch, style: style)
        if w == 2 {
            clearWidePartners(x: x + 1, y: y)
            cells[y * width + x + 1] = Cell(character: " ", style: style, isContinuation: true)
        }
        return w
    }

    /// Writes a string left to right, clipped to `maxWidth` columns and to the canvas.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) -> Int {
        let limit = min(maxWidth ?? Int.max, width - x)
        var col = 0
        for ch in text {
            let w = max(1, CharacterWidth.of(ch))
            if col + w > limit { break }
            put(ch, x: x + col, y: y, style: style)
            col += w
        }
        return max(col, 0)
    }

    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        for y in max(rect.y, 0)..<min(rect.maxY, height) {
            for x in max(rect.x, 0)..<min(rect.maxX, width) {
                put(character, x: x, y: y, style: style)
            }
        }
    }

    /// Changes only the style of the cells in `rect` (e.g. to highlight a selection).
    public mutating func restyle(_ rect: Rect, _ transform: (CellStyle) -> CellStyle) {
        for y in max(rect.y, 0)..<min(rect.maxY, height) {
            for x in max(rect.x, 0)..<min(rect.maxX, width) {
                cells[y * width + x].style = transform(cells[y * width + x].style)
            }
        }
    }

    /// The visible text of one row (continuation cells skipped).
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !cells[y * width + x].isContinuation {
            s.append(cells[y * width + x].character)
        }
        return s
    }

    /// All rows joined by newlines, trailing blanks removed: what a person would see.
    public var text: String {
        (0..<height).map { String(row($0).reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }

    /// The cells that differ from `previous`; every cell if there is no previous
    /// frame of the same size.
    public func changes(since previous: Canvas?) -> [CellChange] {
        var out: [CellChange] = []
        let full = previous.map { $0.width != width || $0.height != height } ?? true
        for y in 0..<height {
            for x in 0..<width {
                let c = cells[y * width + x]
                if full || previous!.cells[y * width + x] != c {
                    out.append(CellChange(x: x, y: y, cell: c))
                }
            }
        }
        return out
    }

    /// Overwriting half of a wide character leaves the other half blank.
    private mutating func clearWidePartners(x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(character: " ", style: cells[i - 1].style)
        } else if x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(character: " ", style: cells[i + 1].style)
        }
    }
}
