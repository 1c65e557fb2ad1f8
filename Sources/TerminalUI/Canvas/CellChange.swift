/// A cell that differs from the previous frame and must be sent to the terminal.
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}
