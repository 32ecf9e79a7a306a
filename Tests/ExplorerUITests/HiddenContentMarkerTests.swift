import ExplorerUI
import Testing

/// Item 22: whatever is scrolled or cut out of view is marked.
@Suite struct HiddenContentMarkerTests {
    @Test func helpWrapsInsteadOfCuttingAtFortyColumns() {
        for columns in [40, 30, 24] {
            var state = ExplorerFixtures.state(columns: columns, rows: 200)
            _ = ExplorerReducer.reduce(&state, .key(.function(1)))
            let text = ExplorerScreen.render(state).grid.text
            #expect(KeyHelp.lines(width: columns - 4).allSatisfy { DisplayWidth.of($0) <= columns - 4 })
            // Every action of every key is on screen, whole words intact.
            for entry in KeyHelp.sections.flatMap(\.entries) {
                for word in entry.action.split(separator: " ") {
                    #expect(text.contains(word), "\(columns) columns: “\(word)” of “\(entry.action)” missing")
                }
            }
        }
        var state = ExplorerFixtures.state(columns: 40, rows: 14)
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 40), named: "overlay-help-40x14")
    }

    @Test func theDefaultHelpLinesAreUnchangedForTheREADME() {
        #expect(KeyHelp.lines().contains("  Tab / Shift-Tab             next / previous pane"))
    }

    @Test func matrixRowsAndColumnsOutOfViewAreCounted() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        let content = GridRect(column: 0, row: 0, width: 24, height: 3)
        _ = ExplorerReducer.reduce(&state, .key(.home))
        let atStart = MatrixGeometry(content: content, count: 3, cursorRow: 0, cursorColumn: 0)
        #expect(atStart.hiddenMarker == "▼1 ›1")
        let atEnd = MatrixGeometry(content: content, count: 3, cursorRow: 2, cursorColumn: 2)
        #expect(atEnd.hiddenMarker == "▲1 ‹1")
        let roomy = MatrixGeometry(content: GridRect(column: 0, row: 0, width: 80, height: 10), count: 3,
                                   cursorRow: 0, cursorColumn: 0)
        #expect(roomy.hiddenMarker.isEmpty)
        var grid = ScreenGrid(size: GridSize(columns: 24, rows: 3))
        MatrixView.draw(state, in: content, into: &grid)
        #expect(grid.text.hasPrefix("▼1 ›1"))
    }

    @Test func tokensPaneShowsItsScrollPositionAndStopsAtTheEnd() throws {
        var state = ExplorerFixtures.state(columns: 60, rows: 18)  // stacked: a small tokens pane
        let long = String(repeating: "apples and pears grow in orchards while bananas ripen slowly ", count: 4)
        try ExplorerFixtures.type(long, into: &state)
        state.focus = .tokens
        let limit = TokensView.maximumScroll(state)
        #expect(limit > 0)
        var text = ExplorerScreen.render(state).grid.text
        #expect(text.contains("▼") && !text.contains("▲"))
        for _ in 0..<(limit + 5) { _ = ExplorerReducer.reduce(&state, .key(.character("j"))) }
        #expect(state.tokensScroll == limit)  // stops at the last line
        text = ExplorerScreen.render(state).grid.text
        #expect(text.contains("▲") && !text.contains("▼"))
        _ = ExplorerReducer.reduce(&state, .key(.character("k")))
        #expect(state.tokensScroll == limit - 1)  // one key back, however often j was pressed
        expectSnapshot(framed(text, columns: 60), named: "tokens-scrolled-60x18")
    }

    /// With share values shown (`v`) each chip is wider, so there are more lines: the scroll
    /// limit must come from the same layout the pane draws, or the last lines stay out of reach.
    @Test func tokensPaneScrollsToTheEndWithShareValuesShown() throws {
        var state = ExplorerFixtures.state(columns: 60, rows: 18)
        let long = String(repeating: "apples and pears grow in orchards while bananas ripen slowly ", count: 4)
        try ExplorerFixtures.type(long, into: &state)
        state.focus = .tokens
        let withoutValues = TokensView.maximumScroll(state)
        _ = ExplorerReducer.reduce(&state, .key(.character("v")))
        try #require(state.showsShareValues)
        guard case .shares? = TokensExplanation(state: state) else {
            Issue.record("the fixture should select a neighbour with shares")
            return
        }
        let limit = TokensView.maximumScroll(state)
        #expect(limit > withoutValues)
        for _ in 0..<(limit + 5) { _ = ExplorerReducer.reduce(&state, .key(.character("j"))) }
        #expect(state.tokensScroll == limit)
        let text = ExplorerScreen.render(state).grid.text
        #expect(text.contains("▲") && !text.contains("▼"), "the last line is not reachable:\n\(text)")
    }

    @Test func theTooSmallHintShowsAtTwentyBySix() throws {
        let state = try ExplorerFixtures.pinnedState(columns: 20, rows: 6)
        let text = ExplorerScreen.render(state).grid.text
        #expect(text.contains("too small") && text.contains("Tab"))
    }
}
