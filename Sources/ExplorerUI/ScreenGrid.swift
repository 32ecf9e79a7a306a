/// One character cell of the screen.
///
/// A wide character (2 columns) sits in its left cell with `width == 2`; the cell to its
/// right is a continuation (`width == 0`) that painters skip.
public struct Cell: Hashable, Sendable {
    public var character: Character
    /// Columns the character occupies: 1, 2, or 0 for the right half of a wide character.
    public var width: UInt8
    public var style: CellStyle

    public init(character: Character = " ", width: UInt8 = 1, style: CellStyle = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A frame of the screen as a grid of cells: what every view renders into and every
/// painter draws from. Drawing outside the grid is clipped, never an error.
public struct ScreenGrid: Hashable, Sendable {
    public let size: GridSize
    /// Row-major cells, `size.rows × size.columns`.
    public private(set) var cells: [Cell]

    public init(size: GridSize, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.columns * size.rows)
    }

    public var bounds: GridRect { GridRect(column: 0, row: 0, width: size.columns, height: size.rows) }

    /// The cell at (`column`, `row`), or `nil` outside the grid.
    public func cell(column: Int, row: Int) -> Cell? {
        guard column >= 0, row >= 0, column < size.columns, row < size.rows else { return nil }
        return cells[row * size.columns + column]
    }

    /// Writes `text` from (`column`, `row`), clipped to `clip` (and the grid); returns the
    /// column after the last cell written. Control characters show as `·`; a wide
    /// character that would straddle the clip edge is replaced by a space.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, column: Int, row: Int,
                             style: CellStyle = .plain, clip: GridRect? = nil) -> Int {
        let area = clip.map(intersect) ?? bounds
        guard row >= area.row, row < area.maxRow else { return column }
        var x = column
        for character in text {
            if x >= area.maxColumn { break }
            var shown = character
            var width = DisplayWidth.of(character)
            if width == 0 {
                if character.unicodeScalars.first.map({ $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) ?? true {
                    shown = "·"
                    width = 1
                } else {
                    continue  // a lone combining mark: nothing sensible to draw
                }
            }
            if x < area.column {
                x += width
                continue
            }
            if width == 2 && x + 1 >= area.maxColumn {
                setCell(Cell(character: " ", width: 1, style: style), column: x, row: row)
                x += 1
                continue
            }
            setCell(Cell(character: shown, width: UInt8(width), style: style), column: x, row: row)
            if width == 2 {
                setCell(Cell(character: " ", width: 0, style: style), column: x + 1, row: row)
            }
            x += width
        }
        return x
    }

    /// Fills `rect` (clipped) with `character` in `style`.
    public mutating func fill(_ rect: GridRect, character: Character = " ", style: CellStyle = .plain) {
        let area = intersect(rect)
        guard !area.isEmpty else { return }
        let cell = Cell(character: character, width: 1, style: style)
        for row in area.row..<area.maxRow {
            for column in area.column..<area.maxColumn { setCell(cell, column: column, row: row) }
        }
    }

    /// Changes the style of every cell in `rect` (clipped), keeping the characters.
    public mutating func restyle(_ rect: GridRect, style: CellStyle) {
        let area = intersect(rect)
        guard !area.isEmpty else { return }
        for row in area.row..<area.maxRow {
            for column in area.column..<area.maxColumn {
                cells[row * size.columns + column].style = style
            }
        }
    }

    /// Draws a single-line box around `rect` with an optional title in the top border.
    public mutating func box(_ rect: GridRect, title: String = "", style: CellStyle = .border,
                             titleStyle: CellStyle = .accent) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxColumn - 1, bottom = rect.maxRow - 1
        for column in rect.column + 1..<right {
            put("─", column: column, row: rect.row, style: style)
            put("─", column: column, row: bottom, style: style)
        }
        for row in rect.row + 1..<bottom {
            put("│", column: rect.column, row: row, style: style)
            put("│", column: right, row: row, style: style)
        }
        put("┌", column: rect.column, row: rect.row, style: style)
        put("┐", column: right, row: rect.row, style: style)
        put("└", column: rect.column, row: bottom, style: style)
        put("┘", column: right, row: bottom, style: style)
        if !title.isEmpty, rect.width > 4 {
            let clip = GridRect(column: rect.column + 1, row: rect.row, width: rect.width - 2, height: 1)
            put(" \(title) ", column: rect.column + 1, row: rect.row, style: titleStyle, clip: clip)
        }
    }

    /// The characters as text, one line per row with trailing spaces removed: what a
    /// terminal capture would show. Snapshot tests compare this.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(size.rows)
        for row in 0..<size.rows {
            var line = ""
            for column in 0..<size.columns {
                let cell = cells[row * size.columns + column]
                if !cell.isContinuation { line.append(cell.character) }
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func intersect(_ rect: GridRect) -> GridRect {
        let left = max(0, rect.column), top = max(0, rect.row)
        let right = min(size.columns, rect.maxColumn), bottom = min(size.rows, rect.maxRow)
        return GridRect(column: left, row: top, width: right - left, height: bottom - top)
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func setCell(_ cell: Cell, column: Int, row: Int) {
        guard column >= 0, row >= 0, column < size.columns, row < size.rows else { return }
        let index = row * size.columns + column
        let old = cells[index]
        if old.width == 2, column + 1 < size.columns, cell.width != 2 {
            cells[index + 1] = Cell(character: " ", width: 1, style: cells[index + 1].style)
        }
        if old.isContinuation, column > 0, !cell.isContinuation {
            cells[index - 1] = Cell(character: " ", width: 1, style: cells[index - 1].style)
        }
        cells[index] = cell
    }
}
