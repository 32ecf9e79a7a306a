/// Draws the neighbours pane: the nearest corpus items with their cosine as a number and a
/// bar, or the corpus' indexing progress.
public enum NeighboursView {
    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        let corpus = state.corpusName ?? "corpus"
        switch state.cacheState {
        case .indexing(let progress):
            drawProgress(progress, in: content, into: &grid)
            return
        case .opening(let name):
            message("Opening \(name)…", in: content, into: &grid)
            return
        case .failed(let reason):
            message("Cannot open \(corpus): \(reason)", in: content, into: &grid, style: .error)
            return
        case .noCorpus:
            message("No corpus open: press c (outside the input) to choose one.", in: content, into: &grid)
            return
        case .ready:
            break
        }
        let neighbours = state.neighbours
        if !state.hasInput {
            let size = state.corpus.map { " among its \($0.itemCount) items" } ?? ""
            message("Type a sentence to see its nearest neighbours in \(corpus)\(size).", in: content, into: &grid)
            return
        }
        if neighbours.isEmpty {
            message(state.isEncoding ? "searching…" : "no neighbours", in: content, into: &grid)
            return
        }
        let context = ScoreContextColumn(state, width: content.width)
        let spare = content.width - context.width - (context.marksMoves ? 1 : 0)
        let barWidth = spare >= 44 ? 10 : spare >= 28 ? 5 : 0
        let focused = state.focus == .neighbours
        for line in 0..<content.height {
            let index = state.neighbourScroll + line
            guard index < neighbours.count else { break }
            let row = content.row + line
            let item = neighbours[index]
            let selected = index == state.neighbourSelection
            let base: CellStyle = selected ? .selected : .plain
            let rowRect = GridRect(column: content.column, row: row, width: content.width, height: 1)
            grid.fill(rowRect, style: base)
            var x = grid.put(selected && focused ? "▸" : " ", column: content.column, row: row,
                             style: base.adding(.bold), clip: rowRect)
            if context.marksMoves {
                // Centring brought this item into the top-k.
                x = grid.put(context.isNew(item) ? "+" : " ", column: x, row: row, style: base.adding(.bold), clip: rowRect)
            }
            x = grid.put(Format.score(item.score), column: x, row: row, style: base, clip: rowRect)
            x = grid.put(" ", column: x, row: row, style: base, clip: rowRect)
            if let text = context.text(for: item.score) {
                x = grid.put(text, column: x, row: row, style: CellStyle(foreground: .muted, background: base.background),
                             clip: rowRect)
            }
            if barWidth > 0 {
                let bar = Bar.horizontal(Double(max(0, item.score)), width: barWidth)
                var barStyle = base
                barStyle.foreground = .heat(HeatLevel.level(item.score))
                x = grid.put(bar, column: x, row: row, style: barStyle, clip: rowRect)
                x = grid.put(" ", column: x, row: row, style: base, clip: rowRect)
            }
            grid.put(Format.fit(item.text, width: rowRect.maxColumn - x), column: x, row: row,
                     style: base, clip: rowRect)
        }
    }

    private static func drawProgress(_ progress: IndexingProgress, in content: GridRect,
                                     into grid: inout ScreenGrid) {
        grid.put(Format.fit("Indexing \(progress.corpus)…", width: content.width),
                 column: content.column, row: content.row, style: .accent, clip: content)
        guard content.height >= 2 else { return }
        let percent = Int((progress.fraction * 100).rounded(.down))
        let counts = " \(progress.done)/\(progress.total) \(percent)%"
        let barWidth = max(0, content.width - DisplayWidth.of(counts))
        let x = grid.put(Bar.horizontal(progress.fraction, width: barWidth), column: content.column,
                         row: content.row + 1, style: CellStyle(foreground: .accent), clip: content)
        grid.put(counts, column: x, row: content.row + 1, style: .plain, clip: content)
        if content.height >= 4 {
            grid.put(Format.fit("Typing works meanwhile; neighbours appear when it is done.", width: content.width),
                     column: content.column, row: content.row + 3, style: .muted, clip: content)
        }
    }

    private static func message(_ text: String, in content: GridRect, into grid: inout ScreenGrid,
                                style: CellStyle = .muted) {
        for (offset, line) in Format.wrap(text, width: content.width).prefix(content.height).enumerated() {
            grid.put(line, column: content.column, row: content.row + offset, style: style, clip: content)
        }
    }
}
