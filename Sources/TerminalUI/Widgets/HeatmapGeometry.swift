import SearchEvents

/// Where the heatmap puts things, computed from the available rectangle.
/// Public so tests (and mouse hit-testing) can find a cell without parsing text.
public struct HeatmapGeometry: Hashable, Sendable {
    public static let cellWidth = 4
    static let kindWidth = 5

    public var frame: Rect
    public var nameX: Int
    public var nameWidth: Int
    public var pinX: Int
    public var kindX: Int
    public var shapeX: Int
    public var shapeWidth: Int
    public var weightX: Int
    public var separatorX: Int
    public var activationX: Int
    public var firstRowY: Int
    public var visibleRows: Int
    public var weightCount: Int
    public var activationCount: Int

    /// Width of a heatmap box that shows names and shapes in full.
    public static func preferredWidth(for d: SearchDescription?) -> Int {
        let m = d?.weightCandidates.count ?? 5, n = d?.activationCandidates.count ?? 5
        let name = d?.layers.map { CharacterWidth.of($0.name) }.max() ?? 20
        let shape = d?.layers.map { CharacterWidth.of(Format.shape($0.weightShape)) }.max() ?? 10
        return 2 + fixedWidth(m, n) + name + shape + 1
    }

    static func fixedWidth(_ m: Int, _ n: Int) -> Int {
        // selection mark, pin mark, gap, kind, gap, cells, " │ ", cells
        1 + 1 + 1 + kindWidth + 1 + cellWidth * m + 2 + cellWidth * n
    }

    public init(frame: Rect, description d: SearchDescription?) {
        self.frame = frame
        let inner = frame.inset(by: 1)
        weightCount = d?.weightCandidates.count ?? 0
        activationCount = d?.activationCandidates.count ?? 0
        let longestName = d?.layers.map { CharacterWidth.of($0.name) }.max() ?? 0
        let longestShape = d?.layers.map { CharacterWidth.of(Format.shape($0.weightShape)) }.max() ?? 0
        let remaining = max(0, inner.width - Self.fixedWidth(weightCount, activationCount))
        // Full names matter more than shapes: shapes go first when space is short.
        nameWidth = min(longestName, remaining)
        shapeWidth = remaining - nameWidth >= longestShape + 1 ? longestShape + 1 : 0
        nameX = inner.x + 1
        pinX = nameX + nameWidth
        kindX = pinX + 2
        shapeX = kindX + Self.kindWidth
        weightX = shapeX + shapeWidth + (remaining - nameWidth - shapeWidth)
        separatorX = weightX + Self.cellWidth * weightCount + 1
        activationX = separatorX + 1
        firstRowY = inner.y + 2
        visibleRows = max(0, inner.height - 2)
    }

    public func cellX(_ side: PinTarget, _ index: Int) -> Int {
        (side == .weights ? weightX : activationX) + index * Self.cellWidth
    }

    /// Screen row of `layer` given the scroll offset, or nil when scrolled out.
    public func rowY(layer: Int, scroll: Int) -> Int? {
        let r = layer - scroll
        return r >= 0 && r < visibleRows ? firstRowY + r : nil
    }

    func cellWidthTotal(_ side: PinTarget) -> Int {
        Self.cellWidth * (side == .weights ? weightCount : activationCount)
    }
}
