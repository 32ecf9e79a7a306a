/// The size of a terminal or grid in character cells.
public struct GridSize: Hashable, Sendable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
    }

    public var description: String { "\(columns)×\(rows)" }
}

/// A rectangle of cells: `column`, `row` of the top-left corner, then its size.
public struct GridRect: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public var width: Int
    public var height: Int

    public init(column: Int, row: Int, width: Int, height: Int) {
        self.column = column
        self.row = row
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var maxColumn: Int { column + width }
    public var maxRow: Int { row + height }

    /// The rectangle shrunk by `amount` cells on every side (never negative).
    public func inset(by amount: Int) -> GridRect {
        GridRect(column: column + amount, row: row + amount,
                 width: width - 2 * amount, height: height - 2 * amount)
    }

    /// Whether the cell at (`column`, `row`) lies inside.
    public func contains(column c: Int, row r: Int) -> Bool {
        c >= column && c < maxColumn && r >= row && r < maxRow
    }

    /// Splits off the top `rows` rows: (top, rest).
    public func splitTop(_ rows: Int) -> (GridRect, GridRect) {
        let top = min(max(0, rows), height)
        return (GridRect(column: column, row: row, width: width, height: top),
                GridRect(column: column, row: row + top, width: width, height: height - top))
    }

    /// Splits off the left `columns` columns: (left, rest).
    public func splitLeft(_ columns: Int) -> (GridRect, GridRect) {
        let left = min(max(0, columns), width)
        return (GridRect(column: column, row: row, width: left, height: height),
                GridRect(column: column + left, row: row, width: width - left, height: height))
    }
}
