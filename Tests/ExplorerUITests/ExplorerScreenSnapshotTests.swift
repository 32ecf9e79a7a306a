import ExplorerUI
import Testing

/// Rendered frames compared as text with `Snapshots/<name>.txt`
/// (re-record with `SEMBLANCE_RECORD_SNAPSHOTS=1 swift test -c release --filter ExplorerUITests`).
@Suite struct ExplorerScreenSnapshotTests {
    private func screen(_ state: ExplorerState) -> String {
        framed(ExplorerScreen.render(state).grid.text, columns: state.size.columns)
    }

    private func pane(_ state: ExplorerState, columns: Int, rows: Int,
                      draw: (ExplorerState, GridRect, inout ScreenGrid) -> Void) -> String {
        var grid = ScreenGrid(size: GridSize(columns: columns, rows: rows))
        draw(state, grid.bounds, &grid)
        return framed(grid.text, columns: columns)
    }

    @Test func wideWindowShowsAllPanesInColumns() throws {
        let state = try ExplorerFixtures.pinnedState(columns: 110, rows: 28)
        expectSnapshot(screen(state), named: "screen-110x28-columns")
    }

    @Test func mediumWindowStacksThePanes() throws {
        var state = try ExplorerFixtures.pinnedState(columns: 72, rows: 30)
        state.focus = .neighbours
        expectSnapshot(screen(state), named: "screen-72x30-stacked")
    }

    @Test func neighboursPane() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("an apple from the orchard", into: &state)
        state.focus = .neighbours
        state.neighbourSelection = 1
        expectSnapshot(pane(state, columns: 64, rows: 7) { NeighboursView.draw($0, in: $1, into: &$2) },
                       named: "pane-neighbours")
    }

    @Test func neighboursPaneWhileIndexing() {
        var state = ExplorerFixtures.state()
        state.cacheState = .indexing(IndexingProgress(corpus: "teaching", done: 120, total: 312))
        expectSnapshot(pane(state, columns: 50, rows: 5) { NeighboursView.draw($0, in: $1, into: &$2) },
                       named: "pane-neighbours-indexing")
    }

    @Test func matrixPane() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        expectSnapshot(pane(state, columns: 56, rows: 10) { MatrixView.draw($0, in: $1, into: &$2) },
                       named: "pane-matrix")
    }

    @Test func tokensPaneWithValues() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.showsShareValues = true
        expectSnapshot(pane(state, columns: 56, rows: 6) { TokensView.draw($0, in: $1, into: &$2) },
                       named: "pane-tokens-values")
    }

    @Test func tokensPaneWordpiecesWithTruncation() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("Strawberries, blueberries and raspberries ripen together in early summer sunshine near orchards", into: &state)
        state.showsWordpieces = true
        expectSnapshot(pane(state, columns: 56, rows: 8) { TokensView.draw($0, in: $1, into: &$2) },
                       named: "pane-tokens-wordpieces-truncated")
    }

    @Test func inputLineScrollsToKeepTheCursorVisible() throws {
        var state = ExplorerFixtures.state(columns: 30, rows: 10)
        try ExplorerFixtures.type("a sentence far longer than the input line is wide", into: &state)
        var grid = ScreenGrid(size: GridSize(columns: 30, rows: 1))
        let cursor = InputLineView.draw(state, in: grid.bounds, into: &grid)
        #expect(grid.text == "‹ than the input line is wide")  // ‹: text hidden on the left
        #expect(cursor?.column == 29)
        for _ in 0..<40 { _ = ExplorerReducer.reduce(&state, .key(.left)) }
        var start = ScreenGrid(size: GridSize(columns: 30, rows: 1))
        let startCursor = InputLineView.draw(state, in: start.bounds, into: &start)
        #expect(start.text == "› a sentence far longer than …")  // …: text hidden on the right
        #expect(startCursor?.column == 2 + 9)
    }

    @Test func statusLineShowsModelCorpusTimingAndErrors() throws {
        var state = ExplorerFixtures.state(columns: 100, rows: 10)
        try ExplorerFixtures.type("pear", into: &state)
        var grid = ScreenGrid(size: GridSize(columns: 100, rows: 1))
        StatusLineView.draw(state, in: grid.bounds, into: &grid)
        #expect(grid.text == "fake-letters · 26-d │ fruit · 6 items · cached │ encode 3.3 ms │ theme dark                  F1 help")
        state.message = StatusMessage("search failed: disk I/O error", isError: true)
        var error = ScreenGrid(size: GridSize(columns: 100, rows: 1))
        StatusLineView.draw(state, in: error.bounds, into: &error)
        #expect(error.text == "fake-letters · 26-d │ fruit · 6 items · cached │ search failed: disk I/O error")
        #expect(error.cell(column: 50, row: 0)?.style == .error)
    }

    /// The model family, the prompt in use and the similarity function follow the model's name.
    @Test func statusLineNamesFamilyPromptAndSimilarity() throws {
        var state = ExplorerFixtures.state(columns: 130, rows: 10)
        state.modelDetails = ["distilbert", "prompt query", "dot"]
        try ExplorerFixtures.type("pear", into: &state)
        var grid = ScreenGrid(size: GridSize(columns: 130, rows: 1))
        StatusLineView.draw(state, in: grid.bounds, into: &grid)
        #expect(grid.text.hasPrefix("fake-letters · 26-d · distilbert · prompt query · dot │ fruit · 6 items · cached │ encode 3.3 ms │ theme dark "), "\(grid.text)")
        #expect(grid.text.hasSuffix(" F1 help"))
        state.message = StatusMessage("search failed: disk I/O error", isError: true)
        var error = ScreenGrid(size: GridSize(columns: 130, rows: 1))
        StatusLineView.draw(state, in: error.bounds, into: &error)
        #expect(error.text == "fake-letters · 26-d · distilbert · prompt query · dot │ fruit · 6 items · cached │ search failed: disk I/O error")
    }

    /// Shares that are not of the score in the header say what they are, and the header names
    /// the model's score for neighbours.
    @Test func tokensPaneLabelsSharesThatAreNotOfTheScore() throws {
        var state = ExplorerFixtures.state()
        state.similarityLabel = "dot"
        state.shareNote = "shares of the cosine, not of the dot score"
        try ExplorerFixtures.type("an apple from the orchard", into: &state)
        state.focus = .neighbours
        let text = pane(state, columns: 90, rows: 6) { TokensView.draw($0, in: $1, into: &$2) }
        expectSnapshot(text, named: "pane-tokens-share-note")
        #expect(text.contains("(dot "))
        #expect(text.contains("(shares of the cosine, not of the dot score)"))
    }

    @Test func helpOverlayListsEveryKey() {
        var state = ExplorerFixtures.state(columns: 80, rows: 48)
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        expectSnapshot(screen(state), named: "overlay-help")
    }

    @Test func helpOverlayScrollsInASmallWindow() {
        var state = ExplorerFixtures.state(columns: 50, rows: 14)
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        for _ in 0..<100 { _ = ExplorerReducer.reduce(&state, .key(.character("j"))) }
        expectSnapshot(screen(state), named: "overlay-help-scrolled-50x14")
    }

    @Test func fullTextOverlayWrapsTheItem() throws {
        var state = ExplorerFixtures.state(columns: 48, rows: 12)
        try ExplorerFixtures.type("mango", into: &state)
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        expectSnapshot(screen(state), named: "overlay-full-text")
    }

    @Test func tinyWindowCollapsesToTheFocusedPane() throws {
        var state = try ExplorerFixtures.pinnedState(columns: 20, rows: 6)
        expectSnapshot(screen(state), named: "tiny-20x6")
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        expectSnapshot(screen(state), named: "tiny-20x6-matrix")
    }

    @Test func windowsBelowTheMinimumShowATooSmallHint() throws {
        let state = try ExplorerFixtures.pinnedState(columns: 16, rows: 4)
        expectSnapshot(screen(state), named: "tiny-16x4")
        let smaller = try ExplorerFixtures.pinnedState(columns: 9, rows: 2)
        expectSnapshot(screen(smaller), named: "tiny-9x2")
    }

    @Test func everySizeDownToZeroRendersWithoutTrapping() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.showsShareValues = true
        for overlay in [nil, Overlay.help(scroll: 3), .fullText(title: "t", text: "日本語 text", scroll: 1)] {
            state.overlay = overlay
            for columns in [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 99, 100, 140] {
                for rows in [0, 1, 2, 3, 4, 5, 6, 9, 12, 15, 21, 40] {
                    state.size = GridSize(columns: columns, rows: rows)
                    let frame = ExplorerScreen.render(state)
                    #expect(frame.grid.size == state.size)
                }
            }
        }
    }

    @Test func monochromeThemeStyles() throws {
        var state = try ExplorerFixtures.pinnedState(columns: 64, rows: 20)
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        // cos(1, ▸): the tokens pane shades the input against pin 1 (the diagonal it once
        // showed here explains nothing).
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        let frame = ExplorerScreen.render(state)
        let palette = ThemePalette(theme: BuiltInThemes.monochrome, depth: .palette256)
        expectSnapshot(framed(frame.grid.text, columns: 64) + "\n\nattributes (. none, b bold, d dim, u underline, r reverse, 2+ combined: digit = bit mask)\n"
                       + attributeMap(frame.grid, palette: palette), named: "monochrome-styles")
    }

    private func attributeMap(_ grid: ScreenGrid, palette: ThemePalette) -> String {
        var lines: [String] = []
        for row in 0..<grid.size.rows {
            var line = ""
            for column in 0..<grid.size.columns {
                guard let cell = grid.cell(column: column, row: row) else { continue }
                let attributes = palette.resolve(cell.style).attributes
                switch attributes {
                case []: line += "."
                case .bold: line += "b"
                case .dim: line += "d"
                case .underline: line += "u"
                case .reverse: line += "r"
                default: line += String(attributes.rawValue, radix: 16)
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
