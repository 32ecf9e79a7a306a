/// One cell a painter must write: where, and what.
public struct CellChange: Hashable, Sendable {
    public let column: Int
    public let row: Int
    public let cell: Cell

    public init(column: Int, row: Int, cell: Cell) {
        self.column = column
        self.row = row
        self.cell = cell
    }
}

extension ScreenGrid {
    /// The cells to write so that a terminal showing `previous` shows this grid, in row order.
    ///
    /// Everything when there is no previous frame or its size differs (the painter clears the
    /// screen first). Continuation cells are never written: drawing a wide character fills
    /// both of its columns. A wide character is rewritten when its continuation changed too,
    /// because a terminal that saw its right half overwritten has erased the whole character.
    public func changes(since previous: ScreenGrid?) -> [CellChange] {
        let columns = size.columns
        let unchanged: (Int) -> Bool
        if let previous, previous.size == size {
            unchanged = { index in
                let cell = cells[index]
                guard previous.cells[index] == cell else { return false }
                guard cell.width == 2, index + 1 < cells.count else { return true }
                return previous.cells[index + 1] == cells[index + 1]
            }
        } else {
            unchanged = { _ in false }
        }
        var changes: [CellChange] = []
        for index in cells.indices where !cells[index].isContinuation && !unchanged(index) {
            changes.append(CellChange(column: index % columns, row: index / columns, cell: cells[index]))
        }
        return changes
    }
}
