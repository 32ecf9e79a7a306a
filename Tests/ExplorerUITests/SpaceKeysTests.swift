import ExplorerUI
import Testing

/// What the map, centring and explanation keys do to the state.
@Suite struct SpaceKeysTests {
    @Test func openingACorpusAsksForItsSpace() {
        var state = ExplorerFixtures.state()
        let effects = ExplorerReducer.reduce(&state, .corpusOpened(CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true)))
        #expect(effects.contains(.loadSpace("fruit")))
        #expect(state.space == .loading("fruit"))
    }

    @Test func aSpaceForAnotherCorpusIsIgnored() throws {
        var state = ExplorerFixtures.state()
        var other = try SpaceFixtures.space()
        other.corpusName = "weather"
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "weather", space: other))
        #expect(state.space == .none)
    }

    @Test func mapToggleTakesTheFocusFromAPaneButNotFromTheInput() throws {
        var state = try SpaceFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.function(2)))
        #expect(state.showsMap && state.focus == .input)
        _ = ExplorerReducer.reduce(&state, .key(.function(2)))
        #expect(!state.showsMap)
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        #expect(state.showsMap && state.focus == .map)
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        #expect(!state.showsMap && state.focus == .neighbours)
    }

    @Test func tabVisitsTheMapOnlyWhileShown() throws {
        var state = try SpaceFixtures.state()
        var visited: [Pane] = []
        for _ in 0..<5 {
            _ = ExplorerReducer.reduce(&state, .key(.tab))
            visited.append(state.focus)
        }
        #expect(!visited.contains(.map))
        _ = ExplorerReducer.reduce(&state, .key(.function(2)))
        #expect(state.focus == .map)  // shown from a pane, the map takes the focus
        visited = []
        for _ in 0..<5 {
            _ = ExplorerReducer.reduce(&state, .key(.tab))
            visited.append(state.focus)
        }
        #expect(visited == [.input, .neighbours, .matrix, .tokens, .map])
    }

    @Test func mapKeysPanZoomAndReset() throws {
        var state = try SpaceFixtures.state()
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("m")))
        _ = ExplorerReducer.reduce(&state, .key(.character("+")))
        _ = ExplorerReducer.reduce(&state, .key(.right))
        _ = ExplorerReducer.reduce(&state, .key(.character("k")))
        #expect(state.mapViewport.zoom == 1 && state.mapViewport.centreX > 0.5 && state.mapViewport.centreY > 0.5)
        _ = ExplorerReducer.reduce(&state, .key(.character("-")))
        _ = ExplorerReducer.reduce(&state, .key(.character("-")))
        #expect(state.mapViewport.zoom == 0)
        _ = ExplorerReducer.reduce(&state, .key(.character("n")))
        _ = ExplorerReducer.reduce(&state, .key(.character("0")))
        #expect(state.mapViewport.pair == 1 && state.mapViewport.centreX == 0.5 && state.mapViewport.zoom == 0)
        _ = ExplorerReducer.reduce(&state, .key(.character("n")))
        #expect(state.mapViewport.pair == 0)
    }

    @Test func centringTogglesAndSearchesAgain() throws {
        var state = try SpaceFixtures.state()
        state.focus = .neighbours
        var effects = ExplorerReducer.reduce(&state, .key(.character("C")))
        #expect(state.isCentred && effects.isEmpty)  // nothing typed: nothing to search
        state.focus = .input
        effects = ExplorerReducer.reduce(&state, .key(.character("a")))
        #expect(effects == [.analyse(generation: state.requestedGeneration, text: "a", neighbourCount: 30, pinned: [],
                                     centred: true)])
        effects = ExplorerReducer.reduce(&state, .key(.function(3)))
        #expect(!state.isCentred)
        #expect(effects == [.analyse(generation: state.requestedGeneration, text: "a", neighbourCount: 30, pinned: [])])
    }

    /// A corpus without a mean (empty) cannot be centred: said, not turned on.
    @Test func centringWithoutAMeanIsRefused() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "fruit", space: ExplorerSpace(
            corpusName: "fruit", itemCount: 0, scoresUnavailableReason: "the corpus is empty")))
        _ = ExplorerReducer.reduce(&state, .key(.function(3)))
        #expect(!state.isCentred)
        #expect(state.message?.text.contains("the corpus is empty") == true)
    }

    /// Centring asked for on the command line, then a corpus without statistics: turned off, said why.
    @Test func centringFromTheStartIsDroppedForACorpusWithoutStatistics() {
        var state = ExplorerFixtures.state()
        state.isCentred = true
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "fruit", space: nil))
        #expect(!state.isCentred)
        #expect(state.message?.isError == true)
    }

    @Test func mouseWheelOverTheMapZooms() throws {
        var state = try SpaceFixtures.state(columns: 120, rows: 40)
        _ = ExplorerReducer.reduce(&state, .key(.function(2)))
        let box = try #require(ExplorerLayout.compute(state).panes[.map])
        _ = ExplorerReducer.reduce(&state, .key(.mouse(MouseEvent(kind: .scrollUp, column: box.column + 3, row: box.row + 3))))
        #expect(state.mapViewport.zoom == 1)
    }
}
