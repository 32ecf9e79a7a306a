/// A rendered frame: the cells and where the terminal cursor should be (if visible).
public struct RenderedFrame: Hashable, Sendable {
    public var grid: ScreenGrid
    public var cursorColumn: Int?
    public var cursorRow: Int?

    public init(grid: ScreenGrid, cursorColumn: Int?, cursorRow: Int?) {
        self.grid = grid
        self.cursorColumn = cursorColumn
        self.cursorRow = cursorRow
    }
}

/// Renders the whole explorer for a state: layout, panes, input, status and overlay.
public enum ExplorerScreen {
    public static func render(_ state: ExplorerState) -> RenderedFrame {
        var grid = ScreenGrid(size: state.size)
        let layout = ExplorerLayout.compute(state)
        var cursor: (column: Int, row: Int)? = nil
        if layout.arrangement == .tooSmall && layout.input.isEmpty {
            grid.put("too small \(state.size)", column: 0, row: 0, style: .error)
            return RenderedFrame(grid: grid, cursorColumn: nil, cursorRow: nil)
        }
        cursor = InputLineView.draw(state, in: layout.input, into: &grid)
        StatusLineView.draw(state, in: layout.status, into: &grid)
        if layout.arrangement == .tooSmall {
            let text = "too small (\(state.size)): enlarge the window"
            for (offset, line) in Format.wrap(text, width: layout.middle.width).prefix(layout.middle.height).enumerated() {
                grid.put(line, column: layout.middle.column, row: layout.middle.row + offset, style: .error)
            }
        }
        for pane in [Pane.neighbours, .matrix, .tokens, .map] {
            guard let box = layout.panes[pane], let content = layout.content(of: pane) else { continue }
            let focused = state.focus == pane
            grid.box(box, title: title(pane, state: state, layout: layout),
                     style: focused ? CellStyle(foreground: .accent) : .border,
                     titleStyle: focused ? .accent : CellStyle(foreground: .text))
            if layout.arrangement == .single {
                // The other panes are hidden: say so in the longest words that fit.
                let hint = [" too small for all panes ", " too small ", " small "].first { DisplayWidth.of($0) + 2 <= box.width }
                if let hint {
                    grid.put(hint, column: box.maxColumn - DisplayWidth.of(hint) - 1, row: box.maxRow - 1,
                             style: .muted)
                }
            }
            switch pane {
            case .neighbours:
                if let columns = AgainstNeighboursView.columns(state, in: content) {
                    NeighboursView.draw(state, in: columns.first, into: &grid)
                    AgainstNeighboursView.draw(state, in: columns.second, into: &grid)
                } else {
                    NeighboursView.draw(state, in: content, into: &grid)
                }
            case .matrix: MatrixView.draw(state, in: content, into: &grid)
            case .tokens:
                switch state.lowerView {
                case .tokens: TokensView.draw(state, in: content, into: &grid)
                case .mnrl: MNRLView.draw(state, in: content, into: &grid)
                case .layers: LayersView.draw(state, in: content, into: &grid)
                }
            case .map: MapView.draw(state, in: content, into: &grid)
            case .input: break
            }
        }
        if let step = state.stepThrough {
            StepThroughView.draw(step, in: layout.middle, into: &grid)
            cursor = nil
        }
        if let overlay = state.overlay {
            OverlayView.draw(overlay, size: state.size, into: &grid)
            cursor = nil
        }
        return RenderedFrame(grid: grid, cursorColumn: cursor?.column, cursorRow: cursor?.row)
    }

    private static func title(_ pane: Pane, state: ExplorerState, layout: ExplorerLayout) -> String {
        let full = fullTitle(pane, state: state, layout: layout)
        guard layout.arrangement == .single, let box = layout.panes[pane],
              DisplayWidth.of(full) > box.width - 4 else { return full }
        // Alone in a narrow window, "· Tab" (how to reach the hidden panes) outranks the details.
        return Format.fit(pane.title, width: box.width - 10) + " · Tab"
    }

    private static func fullTitle(_ pane: Pane, state: ExplorerState, layout: ExplorerLayout) -> String {
        var title = pane.title
        switch pane {
        case .neighbours:
            if let corpus = state.corpusName { title += " · \(corpus)" }
            let count = state.neighbours.count
            if count > 0 { title += " · \(state.neighbourSelection + 1)/\(count)" }
            if state.isCentred { title += " · centred" }
            if let against = AgainstNeighboursView.titleSuffix(state) { title += " · \(against)" }
        case .matrix:
            if !state.pinned.isEmpty { title += " · \(state.pinned.count) pinned" }
        case .tokens:
            switch state.lowerView {
            case .tokens: title += state.showsWordpieces ? " · wordpieces" : " · words"
            case .mnrl: title = "MNRL loss · pins as (anchor, positive)"
            case .layers: title = "Layers · cosine after each layer"
            }
        case .map:
            title += MapView.titleDetail(state)
        case .input:
            break
        }
        if layout.arrangement == .single { title += " · Tab" }
        return title
    }
}
