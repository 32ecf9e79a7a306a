import VectorArithmetic

/// `explore --against B`: the second model's neighbours as a column beside the first's, each
/// row marked with how the item moved against the first model's list: ↑n (B ranks it n
/// higher), ↓n, = (same rank) or + (not in the first model's list).
public enum AgainstNeighboursView {
    /// Narrowest neighbours pane that is split in two; narrower, only the first column shows.
    public static let minimumWidth = 40

    /// The two columns of the neighbours pane when a second model reports, else nil.
    public static func columns(_ state: ExplorerState, in content: GridRect) -> (first: GridRect, second: GridRect)? {
        guard state.report?.secondModel != nil, content.width >= minimumWidth else { return nil }
        let (first, rest) = content.splitLeft(content.width / 2)
        // One blank column between them.
        let second = GridRect(column: rest.column + 1, row: rest.row, width: max(0, rest.width - 1), height: rest.height)
        return (first, second)
    }

    /// How an item of the second list moved: "↑2", "↓1", "=" or "+" (new).
    public static func moveMark(_ entry: NeighbourComparison<NeighbourIdentity>.Entry) -> String {
        guard let shift = entry.shift else { return "+" }
        return shift > 0 ? "↑\(shift)" : shift < 0 ? "↓\(-shift)" : "="
    }

    /// The pane title's addition: the second model, the overlap and Spearman's ρ.
    public static func titleSuffix(_ state: ExplorerState) -> String? {
        guard let second = state.report?.secondModel else { return nil }
        guard state.hasInput, !second.neighbours.isEmpty else { return "vs \(second.modelName)" }
        let comparison = second.comparison(with: state.neighbours)
        let rho = comparison.spearman.map { " ρ " + Format.short(Float($0)) } ?? ""
        return "vs \(second.modelName) · ∩\(comparison.overlap)\(rho)"
    }

    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty, let second = state.report?.secondModel else { return }
        guard state.hasInput else { return }
        if let error = second.error {
            for (offset, line) in Format.wrap("\(second.modelName): \(error)", width: content.width)
                .prefix(content.height).enumerated() {
                grid.put(line, column: content.column, row: content.row + offset, style: .error, clip: content)
            }
            return
        }
        let entries = second.comparison(with: state.neighbours).b
        for line in 0..<content.height {
            let index = state.neighbourScroll + line
            guard index < second.neighbours.count else { break }
            let item = second.neighbours[index]
            let row = content.row + line
            let rowRect = GridRect(column: content.column, row: row, width: content.width, height: 1)
            // A repeated item has no entry of its own (it counts at its best rank).
            let entry = entries.first { $0.rank == index + 1 }
            let mark = entry.map(moveMark) ?? " "
            let padded = mark + String(repeating: " ", count: max(0, 4 - DisplayWidth.of(mark)))
            var x = grid.put(padded, column: content.column, row: row,
                             style: entry?.shift == 0 ? .muted : .accent, clip: rowRect)
            x = grid.put(Format.score(item.score), column: x, row: row,
                         style: CellStyle(foreground: .heat(HeatLevel.level(item.score))), clip: rowRect)
            x = grid.put(" ", column: x, row: row, style: .plain, clip: rowRect)
            grid.put(Format.fit(item.text, width: rowRect.maxColumn - x), column: x, row: row, style: .plain, clip: rowRect)
        }
    }
}
