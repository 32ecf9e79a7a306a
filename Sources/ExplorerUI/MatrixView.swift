/// Draws the matrix pane: pinned sentences and the input as a cosine heatmap with values,
/// rows labelled by short text, and the selected cell's two sentences in full below.
public enum MatrixView {
    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        let matrix = CosineMatrix(state: state)
        guard !state.pinned.isEmpty, matrix.count > 0 else {
            let hint = "Enter pins the input. Pinned sentences and the input form a cosine matrix here."
            for (offset, line) in Format.wrap(hint, width: content.width).prefix(content.height).enumerated() {
                grid.put(line, column: content.column, row: content.row + offset, style: .muted, clip: content)
            }
            return
        }
        guard let (row, column) = matrix.selectedCell(state) else { return }
        let geometry = MatrixGeometry(content: content, count: matrix.count, cursorRow: row, cursorColumn: column)
        let width = MatrixGeometry.columnWidth
        // The header's label corner says which rows and columns are scrolled out of view.
        let marker = geometry.hiddenMarker
        if !marker.isEmpty {
            grid.put(Format.fit(marker, width: geometry.labelWidth - 1), column: content.column, row: content.row,
                     style: .accent, clip: content)
        }
        for index in 0..<matrix.count {
            guard let x = geometry.screenColumn(of: index) else { continue }
            let label = matrix.entries[index].label
            let padded = String(repeating: " ", count: max(0, width - 1 - DisplayWidth.of(label))) + label + " "
            grid.put(padded, column: x, row: content.row, style: index == column ? .accent : .muted, clip: content)
        }
        for index in 0..<matrix.count {
            guard let y = geometry.screenRow(of: index) else { continue }
            let entry = matrix.entries[index]
            let label = Format.fit("\(entry.label) \(entry.text)", width: geometry.labelWidth - 1)
            grid.put(label, column: content.column, row: y, style: index == row ? .accent : .plain, clip: content)
            for other in 0..<matrix.count {
                guard let x = geometry.screenColumn(of: other) else { continue }
                let value = matrix.value(row: index, column: other)
                let text = value.map(Format.short) ?? "…"
                let cell = String(repeating: " ", count: max(0, width - 1 - text.count)) + text + " "
                var style = value.map { CellStyle.heat(HeatLevel.level($0)) } ?? .muted
                if index == row && other == column { style = style.adding([.reverse, .bold]) }
                grid.put(cell, column: x, row: y, style: style, clip: content)
            }
        }
        drawDetail(matrix, row: row, column: column, context: state.space.space?.context(centred: matrix.isCentred),
                   in: geometry.detail, into: &grid)
    }

    private static func drawDetail(_ matrix: CosineMatrix, row: Int, column: Int, context: PairScoreContext?,
                                   in rect: GridRect, into grid: inout ScreenGrid) {
        guard !rect.isEmpty, matrix.contains(row: row, column: column) else { return }
        let a = matrix.entries[row], b = matrix.entries[column]
        let score = matrix.value(row: row, column: column)
        var value = score.map { Format.score($0).trimmingLeadingSpace } ?? "… (encoding)"
        // The cell's place among the corpus's pair cosines (off the diagonal: a sentence with
        // itself is 1 whatever the corpus).
        if let score, row != column, let context, context.similarityLabel == "cos",
           let text = context.context(of: score) {
            value += " · \(text) of corpus pairs"
        }
        let function = matrix.isCentred ? "centred cos" : "cos"
        var cell = "\(function)(\(a.label), \(b.label)) = \(value)"
        if matrix.secondValues != nil {
            // `--against`: the second model's cosine of the same two sentences.
            cell += " · B " + (matrix.secondValue(row: row, column: column).map { Format.score($0).trimmingLeadingSpace } ?? "…")
        }
        var lines: [(String, CellStyle)] = [(cell, .accent)]
        for line in Format.wrap("[\(a.label)] \(a.text)", width: rect.width) { lines.append((line, .plain)) }
        if row != column {
            for line in Format.wrap("[\(b.label)] \(b.text)", width: rect.width) { lines.append((line, .plain)) }
        }
        for (offset, line) in lines.prefix(rect.height).enumerated() {
            grid.put(line.0, column: rect.column, row: rect.row + offset, style: line.1, clip: rect)
        }
    }
}

extension String {
    var trimmingLeadingSpace: String { hasPrefix(" ") ? String(dropFirst()) : self }
}
