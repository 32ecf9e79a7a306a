/// Mouse clicks select rows and cells; the wheel scrolls the pane under the pointer.
extension ExplorerReducer {
    static func handleMouse(_ state: inout ExplorerState, _ event: MouseEvent) -> [ExplorerEffect] {
        let layout = ExplorerLayout.compute(state)
        guard let pane = paneAt(layout, column: event.column, row: event.row) else { return [] }
        switch event.kind {
        case .press(button: 0):
            setFocus(&state, pane)
            click(&state, pane: pane, layout: layout, column: event.column, row: event.row)
        case .scrollUp:
            scroll(&state, pane: pane, by: -3)
        case .scrollDown:
            scroll(&state, pane: pane, by: 3)
        default:
            break
        }
        return []
    }

    private static func paneAt(_ layout: ExplorerLayout, column: Int, row: Int) -> Pane? {
        if layout.input.contains(column: column, row: row) { return .input }
        return layout.panes.first { $0.value.contains(column: column, row: row) }?.key
    }

    private static func click(_ state: inout ExplorerState, pane: Pane, layout: ExplorerLayout,
                              column: Int, row: Int) {
        guard let content = layout.content(of: pane) else { return }
        switch pane {
        case .neighbours:
            let index = state.neighbourScroll + row - content.row
            guard content.contains(column: column, row: row), index >= 0,
                  index < state.neighbours.count else { return }
            moveNeighbourSelection(&state, by: index - state.neighbourSelection)
        case .matrix:
            let matrix = CosineMatrix(state: state)
            let geometry = MatrixGeometry(content: content, count: matrix.count,
                                          cursorRow: state.matrixRow, cursorColumn: state.matrixColumn)
            guard let hit = geometry.hit(column: column, row: row) else { return }
            moveMatrixCursor(&state, row: hit.row, column: hit.column ?? state.matrixColumn)
        case .input, .tokens, .map:
            break
        }
    }

    private static func scroll(_ state: inout ExplorerState, pane: Pane, by delta: Int) {
        switch pane {
        case .neighbours, .input: moveNeighbourSelection(&state, by: delta)
        case .matrix: moveMatrixCursor(&state, row: state.matrixRow + delta.signum(), column: state.matrixColumn)
        case .tokens: scrollTokens(&state, by: delta.signum())
        case .map: state.mapViewport.zoom(by: -delta.signum())  // wheel up zooms in
        }
    }
}
