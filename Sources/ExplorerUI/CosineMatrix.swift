import VectorArithmetic

/// The matrix pane's model: pinned sentences plus the current input, and their pairwise
/// cosines.
public struct CosineMatrix: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        /// "1", "2", … for pins; "▸" for the input.
        public var label: String
        public var text: String
        /// `nil` for the input.
        public var pinID: Int?
    }

    public let entries: [Entry]
    /// `[entries × entries]` cosines; `nil` where a pin is still being encoded.
    public let values: [[Float?]]
    /// Whether the cosines are of centred vectors (centring on and the corpus mean known).
    public let isCentred: Bool
    /// `explore --against B`: the second model's cosines, `nil` where it has no vector yet
    /// (its vectors come with the input's analysis); nil without a second model.
    public let secondValues: [[Float?]]?

    public init(state: ExplorerState) {
        var entries: [Entry] = []
        var vectors: [[Float]?] = []
        for (index, pin) in state.pinned.enumerated() {
            entries.append(Entry(label: "\(index + 1)", text: pin.text, pinID: pin.id))
            vectors.append(pin.vector)
        }
        if let analysis = state.analysis {
            entries.append(Entry(label: "▸", text: analysis.text, pinID: nil))
            vectors.append(analysis.vector)
        }
        self.entries = entries
        // Centring on: the cosines of the vectors minus the corpus mean, like the neighbours'.
        let centring = state.isCentred ? state.space.space?.centring : nil
        isCentred = centring != nil
        if let centring {
            vectors = vectors.map { vector in vector.flatMap { centring.centred($0) } }
        }
        values = Self.cosines(vectors)
        if let second = state.report?.secondModel {
            let secondVectors = entries.map { entry -> [Float]? in
                guard let id = entry.pinID else { return second.inputVector.isEmpty ? nil : second.inputVector }
                return second.pinVectors[id]
            }
            secondValues = Self.cosines(secondVectors)
        } else {
            secondValues = nil
        }
    }

    private static func cosines(_ vectors: [[Float]?]) -> [[Float?]] {
        vectors.map { row in
            vectors.map { column in
                guard let row, let column else { return nil }
                return Float(VectorMath.cosine(row, column))
            }
        }
    }

    /// The second model's cosine at (`row`, `column`), or `nil`.
    public func secondValue(row: Int, column: Int) -> Float? {
        guard let secondValues, row >= 0, column >= 0, row < secondValues.count, column < secondValues[row].count else { return nil }
        return secondValues[row][column]
    }

    public var count: Int { entries.count }

    /// The cosine at (`row`, `column`), or `nil` outside or while a pin is encoding.
    public func value(row: Int, column: Int) -> Float? {
        guard row >= 0, column >= 0, row < values.count, column < values[row].count else { return nil }
        return values[row][column]
    }

    /// The cell the cursor is on, clamped the way the matrix pane draws it; `nil` when the
    /// matrix is empty.
    public func selectedCell(_ state: ExplorerState) -> (row: Int, column: Int)? {
        guard count > 0 else { return nil }
        return (max(0, min(state.matrixRow, count - 1)), max(0, min(state.matrixColumn, count - 1)))
    }

    /// Whether (`row`, `column`) is inside the matrix.
    public func contains(row: Int, column: Int) -> Bool {
        row >= 0 && column >= 0 && row < count && column < count
    }
}

/// Where the matrix pane puts its header, labels, cells and detail lines inside `content`;
/// shared by the view and by mouse hit-testing so both agree.
public struct MatrixGeometry: Hashable, Sendable {
    public static let columnWidth = 6

    public let content: GridRect
    public let count: Int
    public let labelWidth: Int
    public let firstRow: Int
    public let visibleRows: Int
    public let firstColumn: Int
    public let visibleColumns: Int

    public init(content: GridRect, count: Int, cursorRow: Int, cursorColumn: Int) {
        self.content = content
        self.count = count
        let width = content.width
        // Labels take what the columns leave (up to 28), but at least 10 so rows stay
        // recognisable; columns scroll when they do not fit.
        let spare = width - count * Self.columnWidth - 1
        labelWidth = max(2, min(28, width - Self.columnWidth, max(min(10, width - Self.columnWidth), spare)))
        visibleColumns = max(0, min(count, (width - labelWidth) / Self.columnWidth))
        let available = max(0, content.height - 1)
        let rows = available > 5 ? available - 3 : available
        visibleRows = max(0, min(count, rows))
        firstRow = visibleRows > 0 ? max(0, min(cursorRow - visibleRows + 1, count - visibleRows)) : 0
        firstColumn = visibleColumns > 0
            ? max(0, min(cursorColumn - visibleColumns + 1, count - visibleColumns)) : 0
    }

    /// The screen row of matrix row `index` (`nil` when scrolled out).
    public func screenRow(of index: Int) -> Int? {
        guard index >= firstRow, index < firstRow + visibleRows else { return nil }
        return content.row + 1 + index - firstRow
    }

    /// The screen column where matrix column `index` starts (`nil` when scrolled out).
    public func screenColumn(of index: Int) -> Int? {
        guard index >= firstColumn, index < firstColumn + visibleColumns else { return nil }
        return content.column + labelWidth + (index - firstColumn) * Self.columnWidth
    }

    /// What is scrolled out of view, as a short marker ("▲1 ▼2 ‹1 ›3", only the non-zero
    /// parts); empty when everything shows.
    public var hiddenMarker: String {
        let above = firstRow, below = max(0, count - firstRow - visibleRows)
        let left = firstColumn, right = max(0, count - firstColumn - visibleColumns)
        var parts: [String] = []
        if above > 0 { parts.append("▲\(above)") }
        if below > 0 { parts.append("▼\(below)") }
        if left > 0 { parts.append("‹\(left)") }
        if right > 0 { parts.append("›\(right)") }
        return parts.joined(separator: " ")
    }

    /// Rows below the matrix for the selected cell's sentences.
    public var detail: GridRect {
        let top = content.row + 1 + visibleRows
        return GridRect(column: content.column, row: top, width: content.width, height: content.maxRow - top)
    }

    /// The (row, column) under a click; column is `nil` on a row label.
    public func hit(column: Int, row: Int) -> (row: Int, column: Int?)? {
        let index = row - content.row - 1 + firstRow
        guard row > content.row, index >= firstRow, index < firstRow + visibleRows,
              column >= content.column, column < content.maxColumn else { return nil }
        let offset = column - content.column - labelWidth
        if offset < 0 { return (index, nil) }
        let cell = firstColumn + offset / Self.columnWidth
        guard cell < firstColumn + visibleColumns else { return nil }
        return (index, cell)
    }
}
