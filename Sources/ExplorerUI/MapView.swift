/// Draws the corpus map pane: every corpus item as braille dots on its first two principal
/// components (or the next two), shaded by density, with the input, its neighbours and the
/// pinned sentences placed live on the same axes and the selected neighbour highlighted.
public enum MapView {
    /// Marks, in the order they are drawn (later ones cover earlier ones).
    public static let neighbourMark = "•"
    public static let selectedMark = "◎"
    public static let inputMark = "●"

    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        guard let projection = projection(state, in: content, into: &grid) else { return }
        let pair = min(state.mapViewport.pair, projection.axisPairs - 1)
        let legendRows = content.height >= 4 ? 1 : 0
        let area = GridRect(column: content.column, row: content.row, width: content.width,
                            height: content.height - legendRows)
        let frame = MapFrame(bounds: projection.bounds[pair], viewport: state.mapViewport,
                             columns: area.width, rows: area.height)
        let points = projection.points(pair: pair)
        let raster = MapRaster(xs: points.x, ys: points.y, frame: frame)
        for row in 0..<raster.rows {
            for column in 0..<raster.columns {
                guard let character = raster.character(column: column, row: row) else { continue }
                grid.put(String(character), column: area.column + column, row: area.row + row,
                         style: CellStyle(foreground: .heat(raster.level(column: column, row: row))), clip: area)
            }
        }
        let marks = liveMarks(state, projection: projection, pair: pair)
        var offView: [String] = []
        for mark in marks {
            guard let cell = frame.cell(mark.point) else {
                if mark.isInput, let direction = frame.direction(of: mark.point) { offView.append("input \(direction)") }
                continue
            }
            grid.put(mark.text, column: area.column + cell.column, row: area.row + cell.row, style: mark.style, clip: area)
        }
        guard legendRows == 1 else { return }
        var legend = "\(inputMark) input  \(neighbourMark) neighbours  \(selectedMark) selected  1 2… pins"
        if !offView.isEmpty { legend = "off view: " + offView.joined(separator: " ") + " · " + legend }
        if state.mapViewport.zoom > 0 { legend += " · zoom \(zoomText(state.mapViewport))" }
        if state.focus == .map { legend += " · +/- zoom · hjkl pan · 0 reset · n next axes" }
        grid.put(Format.fit(legend, width: content.width), column: content.column, row: content.maxRow - 1,
                 style: .muted, clip: content)
    }

    /// The pane title's details: the axes and how much of the variance they explain, and how
    /// many of the corpus's items are drawn when they are a sample.
    public static func titleDetail(_ state: ExplorerState) -> String {
        guard let projection = state.space.space?.projection else { return "" }
        let pair = min(state.mapViewport.pair, projection.axisPairs - 1)
        let (a, b) = projection.ratios(pair: pair)
        let first = 2 * pair + 1
        let sample = projection.sampledFrom.map {
            " · \(NumbersExplanation.grouped(projection.itemCount)) of \(NumbersExplanation.grouped($0)) items (sample)"
        } ?? ""
        return " · PC\(first) \(percent(a)) + PC\(first + 1) \(percent(b)) = \(percent(a + b)) of variance" + sample
    }

    /// "12.3%" (one decimal: the axes of a 384-d corpus often explain a few percent each).
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "?%" }
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func zoomText(_ viewport: MapViewport) -> String {
        let tenths = Int((viewport.magnification * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)×" : "\(tenths / 10).\(tenths % 10)×"
    }

    /// The projection to draw, or `nil` after writing why there is none.
    private static func projection(_ state: ExplorerState, in content: GridRect,
                                   into grid: inout ScreenGrid) -> CorpusProjection? {
        let text: String
        var style = CellStyle.muted
        switch state.space {
        case .ready(let space):
            if let projection = space.projection { return projection }
            text = "No map for \(space.corpusName): \(space.mapUnavailableReason ?? "no projection")."
        case .loading(let name):
            text = "Computing the map of \(name)…"
        case let .failed(corpus, message):
            text = "No map for \(corpus): \(message)"
            style = .error
        case .none:
            text = state.cacheState == .ready
                ? "No map: this corpus has no statistics."
                : "The map appears once a corpus is open (c chooses one)."
        }
        for (offset, line) in Format.wrap(text, width: content.width).prefix(content.height).enumerated() {
            grid.put(line, column: content.column, row: content.row + offset, style: style, clip: content)
        }
        return nil
    }

    struct Mark {
        var text: String
        var point: MapPoint
        var style: CellStyle
        var isInput = false
    }

    /// The live points: neighbours, pins, the selected neighbour, then the input on top.
    static func liveMarks(_ state: ExplorerState, projection: CorpusProjection, pair: Int) -> [Mark] {
        var marks: [Mark] = []
        let neighbours = state.neighbours
        for (index, item) in neighbours.enumerated() where index != state.neighbourSelection {
            guard let point = projection.project(item.vector, pair: pair) else { continue }
            marks.append(Mark(text: neighbourMark, point: point, style: CellStyle(foreground: .text, attributes: .bold)))
        }
        for (index, pin) in state.pinned.enumerated() {
            guard let vector = pin.vector, let point = projection.project(vector, pair: pair) else { continue }
            let label = index < 9 ? "\(index + 1)" : "+"
            marks.append(Mark(text: label, point: point, style: .accent))
        }
        if state.neighbourSelection < neighbours.count,
           let point = projection.project(neighbours[state.neighbourSelection].vector, pair: pair) {
            marks.append(Mark(text: selectedMark, point: point, style: CellStyle.selected.adding(.bold)))
        }
        if let analysis = state.analysis, let point = projection.project(analysis.vector, pair: pair) {
            marks.append(Mark(text: inputMark, point: point, style: CellStyle.accent.adding(.reverse), isInput: true))
        }
        return marks
    }
}
