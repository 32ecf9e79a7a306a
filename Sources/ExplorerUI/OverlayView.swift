/// Draws the overlays — help, an item's full text, the corpus picker — as a box centred over
/// the panes.
public enum OverlayView {
    public static func draw(_ overlay: Overlay, size: GridSize, into grid: inout ScreenGrid) {
        let content = lines(overlay, size: size)
        let box = frame(overlay, size: size, lineCount: content.lines.count)
        guard box.width >= 4, box.height >= 3 else {
            grid.put(Format.fit(content.title, width: size.columns), column: 0, row: 0, style: .accent)
            return
        }
        grid.fill(box)
        grid.box(box, title: Format.fit(content.title, width: box.width - 4), style: CellStyle(foreground: .accent))
        let inner = box.inset(by: 1)
        let scroll = max(0, min(content.scroll, content.lines.count - inner.height))
        for (offset, line) in content.lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let row = inner.row + offset
            let index = scroll + offset
            let style: CellStyle = index == content.selected ? .selected : (content.headings.contains(index) ? .accent : .plain)
            let rowRect = GridRect(column: inner.column, row: row, width: inner.width, height: 1)
            if index == content.selected { grid.fill(rowRect, style: style) }
            grid.put(Format.fit(line, width: inner.width), column: inner.column, row: row, style: style, clip: rowRect)
        }
        if content.lines.count > inner.height {
            let more = "\(scroll + 1)–\(min(content.lines.count, scroll + inner.height))/\(content.lines.count)"
            grid.put(" \(more) ", column: max(box.column + 1, box.maxColumn - DisplayWidth.of(more) - 3),
                     row: box.maxRow - 1, style: .muted, clip: box)
        }
    }

    /// The largest useful scroll offset, so scrolling stops at the last line.
    public static func maximumScroll(_ overlay: Overlay, size: GridSize) -> Int {
        let content = lines(overlay, size: size)
        let box = frame(overlay, size: size, lineCount: content.lines.count)
        return max(0, content.lines.count - max(0, box.height - 2))
    }

    struct Content {
        var title: String
        var lines: [String]
        var headings: Set<Int> = []
        var selected: Int? = nil
        var scroll: Int
    }

    static func lines(_ overlay: Overlay, size: GridSize) -> Content {
        switch overlay {
        case .help(let scroll):
            let lines = KeyHelp.lines(width: max(1, boxWidth(overlay, size: size) - 2))
            var headings = Set<Int>()
            for (index, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix(" ") { headings.insert(index) }
            return Content(title: "Keys · x: what the numbers mean · Esc closes", lines: lines, headings: headings, scroll: scroll)
        case let .fullText(title, text, scroll):
            let width = boxWidth(overlay, size: size) - 2
            return Content(title: title, lines: Format.wrap(text, width: max(1, width)), scroll: scroll)
        case .corpusPicker(nil, _, _):
            return Content(title: "Corpora · Esc closes", lines: ["loading…"], scroll: 0)
        case let .corpusPicker(corpora?, selection, _):
            let lines = corpora.map { corpus in
                "\(corpus.name) · \(corpus.itemCount) items\(corpus.isIndexed ? "" : " · not indexed yet")"
                    + (corpus.isApproximate ? " · approximate" : "")
            }
            let height = max(1, min(size.rows - 2, lines.count + 2) - 2)
            return Content(title: "Corpora · Enter opens", lines: lines, selected: selection,
                           scroll: max(0, selection - height + 1))
        }
    }

    private static func boxWidth(_ overlay: Overlay, size: GridSize) -> Int {
        switch overlay {
        case .help: min(size.columns - 2, 68)
        case .fullText: min(size.columns - 2, 84)
        case .corpusPicker: min(size.columns - 2, 60)
        }
    }

    private static func frame(_ overlay: Overlay, size: GridSize, lineCount: Int) -> GridRect {
        let width = max(0, boxWidth(overlay, size: size))
        let height = max(0, min(size.rows - 2, lineCount + 2))
        return GridRect(column: (size.columns - width) / 2, row: max(0, (size.rows - height) / 2),
                        width: width, height: height)
    }
}
