import ExplorerUI
import Testing

/// The corpus map pane, the neighbours' score context and centring marks, the matrix cell's
/// context and the numbers' explanation, as text at several sizes
/// (re-record with `SEMBLANCE_RECORD_SNAPSHOTS=1 swift test --filter ExplorerUITests`).
@Suite struct SpaceViewSnapshotTests {
    private func screen(_ state: ExplorerState) -> String {
        framed(ExplorerScreen.render(state).grid.text, columns: state.size.columns)
    }

    private func pane(_ state: ExplorerState, columns: Int, rows: Int,
                      draw: (ExplorerState, GridRect, inout ScreenGrid) -> Void) -> String {
        var grid = ScreenGrid(size: GridSize(columns: columns, rows: rows))
        draw(state, grid.bounds, &grid)
        return framed(grid.text, columns: columns)
    }

    /// Two pins, an input and its neighbours on the map, the second neighbour selected;
    /// `neighbours` keeps only the first few (so the map shows corpus points as dots too).
    private func mappedState(columns: Int = 100, rows: Int = 30, neighbours: Int? = nil) throws -> ExplorerState {
        var state = try SpaceFixtures.state(columns: columns, rows: rows)
        try ExplorerFixtures.type("I ate an apple", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        try ExplorerFixtures.type("Bananas are yellow", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        try ExplorerFixtures.type("apples and pears grow in orchards", into: &state)
        if let neighbours, var report = state.report {
            report.neighbours = Array(report.neighbours.prefix(neighbours))
            report.neighbourShares = Array(report.neighbourShares.prefix(neighbours))
            state.report = report
        }
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        return state
    }

    @Test func mapPaneAtSeveralSizes() throws {
        var state = try mappedState(neighbours: 2)
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        for (columns, rows) in [(60, 16), (36, 8), (20, 4)] {
            let text = pane(state, columns: columns, rows: rows) { MapView.draw($0, in: $1, into: &$2) }
            expectSnapshot(text, named: "pane-map-\(columns)x\(rows)")
            #expect(!showsNaN(text))
        }
    }

    @Test func mapPaneZoomedOnTheNextComponents() throws {
        var state = try mappedState(neighbours: 2)
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        for key in ["n", "+", "+", "h"] { _ = ExplorerReducer.reduce(&state, .key(.character(Character(key)))) }
        #expect(state.mapViewport.pair == 1 && state.mapViewport.zoom == 2)
        expectSnapshot(pane(state, columns: 60, rows: 12) { MapView.draw($0, in: $1, into: &$2) }, named: "pane-map-pc34-zoomed")
        #expect(MapView.titleDetail(state) == " · PC3 9.3% + PC4 5.1% = 14.4% of variance")
    }

    /// A large corpus's map draws a sample of its items: the pane's title says how many of how many.
    @Test func aSampledMapSaysHowManyItemsItDraws() throws {
        var state = try SpaceFixtures.state(columns: 240, rows: 30, mapSampledFrom: 1_234_567)
        state.showsMap = true
        let drawn = try #require(state.space.space?.projection?.itemCount)
        #expect(MapView.titleDetail(state)
            == " · PC1 41.2% + PC2 18.7% = 59.9% of variance · \(drawn) of 1,234,567 items (sample)")
        #expect(ExplorerScreen.render(state).grid.text.contains("of 1,234,567 items (sample)"))
        let whole = try SpaceFixtures.state(columns: 240, rows: 30)
        #expect(MapView.titleDetail(whole) == " · PC1 41.2% + PC2 18.7% = 59.9% of variance")
    }

    /// No map: a one-item corpus, every vector the same, statistics that failed, none loaded.
    @Test func mapPaneSaysWhyThereIsNoMap() throws {
        var state = try mappedState()
        state.showsMap = true
        state.space = .ready(ExplorerSpace(corpusName: "fruit", itemCount: 1,
                                         scoresUnavailableReason: "one item: no pairs to compare",
                                         mapUnavailableReason: "one item: a map needs at least two different vectors"))
        let one = pane(state, columns: 40, rows: 5) { MapView.draw($0, in: $1, into: &$2) }
        state.space = .failed(corpus: "fruit", message: "cache is read-only")
        let failed = pane(state, columns: 40, rows: 5) { MapView.draw($0, in: $1, into: &$2) }
        state.space = .loading("fruit")
        let loading = pane(state, columns: 40, rows: 5) { MapView.draw($0, in: $1, into: &$2) }
        expectSnapshot([one, failed, loading].joined(separator: "\n"), named: "pane-map-unavailable")
        // And the neighbours keep working without a score context.
        state.space = .ready(ExplorerSpace(corpusName: "fruit", itemCount: 1))
        let rows = pane(state, columns: 64, rows: 4) { NeighboursView.draw($0, in: $1, into: &$2) }
        #expect(!rows.contains("top ") && !rows.contains("bottom "))
    }

    @Test func neighboursShowTheirPlaceAmongTheCorpusPairs() throws {
        let state = try mappedState()
        for columns in [72, 48, 39] {
            expectSnapshot(pane(state, columns: columns, rows: 7) { NeighboursView.draw($0, in: $1, into: &$2) },
                           named: "pane-neighbours-context-\(columns)")
        }
    }

    @Test func centringMarksWhatEnteredTheTopK() throws {
        var state = try SpaceFixtures.state()
        state.neighbourCount = 3
        for character in "a ripe pear" { _ = ExplorerReducer.reduce(&state, .key(.character(character))) }
        let effects = ExplorerReducer.reduce(&state, .key(.function(3)))
        #expect(state.isCentred)
        guard case .analyse(_, _, _, _, let centred)? = effects.first else {
            Issue.record("centring asks for no analysis: \(effects)")
            return
        }
        #expect(centred)
        let space = try #require(state.space.space)
        let report = try SpaceFixtures.centredReport(for: "a ripe pear", generation: state.requestedGeneration, k: 3, space: space)
        _ = ExplorerReducer.reduce(&state, .analysisFinished(report))
        let moves = CentringMoves(centred: report.neighbours, raw: report.uncentredNeighbours ?? [])
        #expect(!moves.entered.isEmpty, "the fixture should move something: \(report.neighbours.map(\.text))")
        let text = pane(state, columns: 72, rows: 5) { NeighboursView.draw($0, in: $1, into: &$2) }
        expectSnapshot(text, named: "pane-neighbours-centred")
        // The frame's four corners are "+" too.
        #expect(text.components(separatedBy: "+").count - 1 - 4 == moves.entered.count)
    }

    @Test func matrixCellLineGivesItsContext() throws {
        var state = try mappedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        let raw = pane(state, columns: 56, rows: 10) { MatrixView.draw($0, in: $1, into: &$2) }
        _ = ExplorerReducer.reduce(&state, .key(.character("C")))
        let centred = pane(state, columns: 56, rows: 10) { MatrixView.draw($0, in: $1, into: &$2) }
        expectSnapshot(raw + "\n" + centred, named: "pane-matrix-context")
        #expect(raw.contains("of corpus pairs") && centred.contains("centred cos(1, 2)"))
    }

    @Test func wholeScreenWithTheMap() throws {
        var state = try mappedState(columns: 120, rows: 40, neighbours: 3)
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        expectSnapshot(screen(state), named: "screen-120x40-map")
        state.size = GridSize(columns: 72, rows: 30)
        expectSnapshot(screen(state), named: "screen-72x30-map-stacked")
        state.size = GridSize(columns: 72, rows: 14)
        expectSnapshot(screen(state), named: "screen-72x14-map-replaces-tokens")
        state.size = GridSize(columns: 30, rows: 8)
        expectSnapshot(screen(state), named: "screen-30x8-map-alone")
    }

    @Test func explanationGivesTheNumbers() throws {
        var state = try mappedState(columns: 90, rows: 30)
        _ = ExplorerReducer.reduce(&state, .key(.character("x")))
        let text = screen(state)
        expectSnapshot(text, named: "overlay-numbers-explained")
        let neighbour = state.neighbours[1]
        #expect(text.contains(Format.score(neighbour.score).trimmingLeadingSpaceForTests))
        // And from the help, x turns to the same page.
        var help = try mappedState(columns: 90, rows: 30)
        _ = ExplorerReducer.reduce(&help, .key(.function(1)))
        _ = ExplorerReducer.reduce(&help, .key(.character("x")))
        #expect(help.overlay == state.overlay)
    }

    /// Every size, with the map shown and centring on, renders without trapping or NaN.
    @Test func tinyTerminalsWithTheMapShowNoNaN() throws {
        var state = try mappedState()
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        _ = ExplorerReducer.reduce(&state, .key(.character("C")))
        for zoom in [0, 12] {
            state.mapViewport.zoom = zoom
            for columns in [0, 1, 3, 5, 9, 13, 20, 34, 55, 100, 140] {
                for rows in [0, 1, 2, 3, 4, 6, 9, 15, 21, 40] {
                    state.size = GridSize(columns: columns, rows: rows)
                    let frame = ExplorerScreen.render(state)
                    #expect(frame.grid.size == state.size)
                    #expect(!showsNaN(frame.grid.text))
                }
            }
        }
    }
}

/// "nan" as a word of its own ("Bananas" is fine).
func showsNaN(_ text: String) -> Bool {
    text.lowercased().split(whereSeparator: { !$0.isLetter }).contains("nan")
}

extension String {
    var trimmingLeadingSpaceForTests: String { hasPrefix(" ") ? String(dropFirst()) : self }
}
