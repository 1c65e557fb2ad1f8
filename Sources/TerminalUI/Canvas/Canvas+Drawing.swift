extension Canvas {
    /// Draws a border around `rect` with an optional title in the top edge.
    public mutating func box(_ rect: Rect, title: String? = nil, style: CellStyle = .plain,
                             titleStyle: CellStyle? = nil, box: BoxStyle = .rounded) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (l, r, t, b) = (rect.x, rect.maxX - 1, rect.y, rect.maxY - 1)
        for x in (l + 1)..<r {
            put(box.horizontal, x: x, y: t, style: style)
            put(box.horizontal, x: x, y: b, style: style)
        }
        for y in (t + 1)..<b {
            put(box.vertical, x: l, y: y, style: style)
            put(box.vertical, x: r, y: y, style: style)
        }
        put(box.topLeft, x: l, y: t, style: style)
        put(box.topRight, x: r, y: t, style: style)
        put(box.bottomLeft, x: l, y: b, style: style)
        put(box.bottomRight, x: r, y: b, style: style)
        if let title, rect.width > 6 {
            write(" \(title) ", x: l + 2, y: t, style: titleStyle ?? style, maxWidth: rect.width - 4)
        }
    }

    /// Writes `text` right-aligned so that it ends just before `maxX`.
    @discardableResult
    public mutating func writeRight(_ text: String, maxX: Int, y: Int, style: CellStyle = .plain) -> Int {
        let w = CharacterWidth.of(text)
        return write(text, x: maxX - w, y: y, style: style)
    }

    /// Writes `text` centred in `rect` on row `y`.
    public mutating func writeCentered(_ text: String, in rect: Rect, y: Int, style: CellStyle = .plain) {
        let w = min(CharacterWidth.of(text), rect.width)
        write(text, x: rect.x + (rect.width - w) / 2, y: y, style: style, maxWidth: rect.width)
    }
}
