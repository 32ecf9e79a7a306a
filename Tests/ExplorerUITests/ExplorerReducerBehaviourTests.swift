import ExplorerUI
import Testing

@Suite struct ExplorerReducerBehaviourTests {
    @Test func typingAsksForAnAnalysisWithANewGeneration() {
        var state = ExplorerFixtures.state()
        let first = ExplorerReducer.reduce(&state, .key(.character("h")))
        let second = ExplorerReducer.reduce(&state, .key(.character("i")))
        #expect(first == [.analyse(generation: 1, text: "h", neighbourCount: 30, pinned: [])])
        #expect(second == [.analyse(generation: 2, text: "hi", neighbourCount: 30, pinned: [])])
        #expect(state.isEncoding)
    }

    @Test func keysThatDoNotChangeTheTextAskForNothing() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("a")))
        #expect(ExplorerReducer.reduce(&state, .key(.left)).isEmpty)
        #expect(ExplorerReducer.reduce(&state, .key(.home)).isEmpty)
        #expect(ExplorerReducer.reduce(&state, .key(.backspace)).isEmpty)  // cursor at the start
    }

    @Test func staleResultsAreDropped() throws {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("a")))
        _ = ExplorerReducer.reduce(&state, .key(.character("b")))
        let newest = try ExplorerFixtures.report(for: "ab", generation: 2)
        let older = try ExplorerFixtures.report(for: "a", generation: 1)
        _ = ExplorerReducer.reduce(&state, .analysisFinished(newest))
        _ = ExplorerReducer.reduce(&state, .analysisFinished(older))
        #expect(state.report?.analysis.text == "ab")
        #expect(!state.isEncoding)
    }

    @Test func anOlderResultShowsWhileTheNewestIsStillComing() throws {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("a")))
        _ = ExplorerReducer.reduce(&state, .key(.character("b")))
        _ = ExplorerReducer.reduce(&state, .analysisFinished(try ExplorerFixtures.report(for: "a", generation: 1)))
        #expect(state.report?.analysis.text == "a")
        #expect(state.isEncoding)
    }

    @Test func emptyingTheInputCancelsAndClears() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("pear", into: &state)
        #expect(!state.neighbours.isEmpty)
        let effects = ExplorerReducer.reduce(&state, .key(.control("u")))
        #expect(effects == [.cancelAnalysis])
        #expect(state.neighbours.isEmpty && state.analysis == nil && !state.isEncoding)
    }

    @Test func enterPinsTheAnalysedInputAndClearsIt() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("ripe mango", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        #expect(state.pinned.map(\.text) == ["ripe mango"])
        #expect(state.editor.isEmpty)
        #expect(state.history.entries == ["ripe mango"])
    }

    @Test func enterBeforeTheVectorArrivesPinsAtOnceAndEncodesThePin() throws {
        var state = ExplorerFixtures.state()
        for character in "kiwi" { _ = ExplorerReducer.reduce(&state, .key(.character(character))) }
        let effects = ExplorerReducer.reduce(&state, .key(.enter))
        #expect(effects == [.encodePin(pinID: 1, text: "kiwi"), .cancelAnalysis])
        #expect(state.pinned == [PinnedSentence(id: 1, text: "kiwi", vector: nil)])
        #expect(state.editor.isEmpty)
        // Typing goes on while the pin encodes; the matrix shows "…" until its vector comes.
        try ExplorerFixtures.type("melon", into: &state)
        #expect(CosineMatrix(state: state).value(row: 0, column: 1) == nil)
        let vector = try ExplorerFixtures.engine.encode("kiwi").analysis.vector
        let again = ExplorerReducer.reduce(&state, .pinEncoded(pinID: 1, vector: vector))
        #expect(state.pinned[0].vector == vector)
        #expect(again == [.analyse(generation: state.requestedGeneration, text: "melon", neighbourCount: 30,
                                   pinned: [ShareTargetVector(pinID: 1, vector: vector, text: "kiwi")])])
        #expect(CosineMatrix(state: state).value(row: 0, column: 1) != nil)
    }

    @Test func aPinThatCannotBeEncodedIsRemovedWithAMessage() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("x")))
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        _ = ExplorerReducer.reduce(&state, .pinFailed(pinID: 1, message: "too strange"))
        #expect(state.pinned.isEmpty)
        #expect(state.message == StatusMessage("cannot pin “x”: too strange", isError: true))
    }

    @Test func pinningTheSameTextTwiceIsRefused() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("kiwi", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        try ExplorerFixtures.type("kiwi", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        #expect(state.pinned.count == 1)
        #expect(state.message?.text == "already pinned")
        #expect(state.editor.text == "kiwi")
    }

    @Test func lettersTypeInTheInputButAreCommandsInPanes() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("q")))
        #expect(state.editor.text == "q" && !state.isFinished)
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        #expect(state.focus == .neighbours)
        _ = ExplorerReducer.reduce(&state, .key(.character("q")))
        #expect(state.isFinished)
    }

    @Test func tabAndShiftTabCycleThePanes() {
        var state = ExplorerFixtures.state()
        var order: [Pane] = []
        for _ in 0..<4 {
            _ = ExplorerReducer.reduce(&state, .key(.tab))
            order.append(state.focus)
        }
        #expect(order == [.neighbours, .matrix, .tokens, .input])
        _ = ExplorerReducer.reduce(&state, .key(.backTab))
        #expect(state.focus == .tokens)
    }

    @Test func escapeClosesTheOverlayFirstThenQuits() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        #expect(state.overlay == .help(scroll: 0))
        _ = ExplorerReducer.reduce(&state, .key(.escape))
        #expect(state.overlay == nil && !state.isFinished)
        _ = ExplorerReducer.reduce(&state, .key(.escape))
        #expect(state.isFinished)
    }

    @Test func ctrlCQuitsEvenFromAnOverlay() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        _ = ExplorerReducer.reduce(&state, .key(.control("c")))
        #expect(state.isFinished && state.isInterrupted)  // exit status 130, as SIGINT
    }

    @Test func neighbourSelectionMovesScrollsAndOpensTheFullText() throws {
        var state = ExplorerFixtures.state(columns: 60, rows: 18)  // stacked: 4 neighbour rows
        try ExplorerFixtures.type("apple", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        for _ in 0..<5 { _ = ExplorerReducer.reduce(&state, .key(.character("j"))) }
        #expect(state.neighbourSelection == 5)
        #expect(state.neighbourScroll > 0)
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        #expect(state.neighbourSelection == 5)  // the last item
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        #expect(state.neighbourSelection == 0 && state.neighbourScroll == 0)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        guard case .fullText(_, let text, _)? = state.overlay else {
            Issue.record("no full-text overlay")
            return
        }
        #expect(text == state.neighbours[0].text)
    }

    @Test func matrixMovesUnpinsAndRetargetsTheShares() throws {
        var state = try ExplorerFixtures.pinnedState()
        #expect(CosineMatrix(state: state).count == 3)
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        #expect(state.focus == .matrix)
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        #expect(state.matrixRow == 0 && state.matrixColumn == 1)
        #expect(state.shareTarget == .matrixCell)
        _ = ExplorerReducer.reduce(&state, .key(.character("d")))
        #expect(state.pinned.map(\.text) == ["Bananas are yellow"])
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))
        _ = ExplorerReducer.reduce(&state, .key(.delete))  // the input row: nothing to unpin
        #expect(state.pinned.count == 1)
    }

    @Test func unpinningKeepsExplainingTheCellNowSelected() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))  // cos(▸, ▸)
        _ = ExplorerReducer.reduce(&state, .key(.character("k")))  // cos(2, ▸)
        #expect(ShareSelection(state: state)?.label == "pin 2")
        _ = ExplorerReducer.reduce(&state, .key(.character("d")))
        #expect(state.pinned.count == 1)
        // Row 1 is now the input and column 2 clamps to 1: the diagonal, and the pane says so.
        #expect(TokensExplanation(state: state) == .unshaded("cos(▸, ▸): the diagonal, a sentence with itself (always 1)"))
    }

    @Test func sharesFollowThePinnedTargetAndSumToTheCosine() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))
        _ = ExplorerReducer.reduce(&state, .key(.character("h")))
        _ = ExplorerReducer.reduce(&state, .key(.character("h")))  // cos(▸, 1)
        let selection = try #require(ShareSelection(state: state))
        #expect(selection.label == "pin 1")
        // What the reducer decides: which pair the pane explains. The expected values are the
        // input's shares toward pin 1's own vector and their cosine, worked out here in Double
        // from the engine's vectors, so a pane explaining pin 2, or the neighbour, fails.
        #expect(selection.text == "I ate an apple")
        let input = try ExplorerFixtures.engine.encode("apples and pears grow in orchards")
        let pin = try ExplorerFixtures.engine.encode("I ate an apple").analysis.vector
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        let u = input.analysis.vector
        let norms = dot(u, u).squareRoot() * dot(pin, pin).squareRoot()
        let expected = input.states.map { dot($0, pin) / (Double(input.states.count) * norms) }
        try #require(selection.shares.count == expected.count)
        for (got, want) in zip(selection.shares, expected) { #expect(abs(Double(got) - want) < 1e-6) }
        #expect(abs(Double(selection.cosine) - dot(u, pin) / norms) < 1e-6)
    }

    @Test func historyUpAndDownInTheInput() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("kiwi", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        _ = ExplorerReducer.reduce(&state, .key(.character("x")))
        let effects = ExplorerReducer.reduce(&state, .key(.up))
        #expect(state.editor.text == "kiwi")
        #expect(effects.count == 1)
        _ = ExplorerReducer.reduce(&state, .key(.down))
        #expect(state.editor.text == "x")
    }

    @Test func pasteInsertsAllTextWithoutTriggeringKeys() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.paste("q\nline two")))
        #expect(state.editor.text == "q line two")
        #expect(state.pinned.isEmpty && !state.isFinished)
    }

    @Test func corpusSwitchListsThenOpens() {
        var state = ExplorerFixtures.state()
        state.focus = .neighbours
        #expect(ExplorerReducer.reduce(&state, .key(.character("c"))) == [.listCorpora])
        #expect(state.overlay == .corpusPicker(corpora: nil, selection: 0))  // loading
        let corpora = [CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true),
                       CorpusInfo(name: "weather", itemCount: 2, isIndexed: false)]
        _ = ExplorerReducer.reduce(&state, .corporaListed(corpora))
        #expect(state.overlay == .corpusPicker(corpora: corpora, selection: 0))
        _ = ExplorerReducer.reduce(&state, .key(.down))
        let effects = ExplorerReducer.reduce(&state, .key(.enter))
        #expect(effects.first == .openCorpus("weather"))
        #expect(state.cacheState == .opening("weather") && state.overlay == nil)
        _ = ExplorerReducer.reduce(&state, .indexingProgressed(IndexingProgress(corpus: "weather", done: 1, total: 2)))
        #expect(state.cacheState == .indexing(IndexingProgress(corpus: "weather", done: 1, total: 2)))
        _ = ExplorerReducer.reduce(&state, .corpusOpened(CorpusInfo(name: "weather", itemCount: 2, isIndexed: true)))
        #expect(state.cacheState == .ready && state.corpus?.itemCount == 2)
    }

    @Test func progressOfAnotherCorpusIsIgnored() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .indexingProgressed(IndexingProgress(corpus: "other", done: 1, total: 2)))
        #expect(state.cacheState == .ready)
    }

    @Test func failuresBecomeStatusMessages() {
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .key(.character("a")))
        _ = ExplorerReducer.reduce(&state, .analysisFailed(generation: 1, message: "boom"))
        #expect(state.message == StatusMessage("encoding failed: boom", isError: true))
        #expect(!state.isEncoding)
        _ = ExplorerReducer.reduce(&state, .corpusFailed(name: "fruit", message: "disk on fire"))
        #expect(state.cacheState == .failed("disk on fire"))
        _ = ExplorerReducer.reduce(&state, .key(.character("b")))
        #expect(state.message == nil)  // seen once the user types on
    }

    @Test func themesCycleAndWrap() {
        var state = ExplorerFixtures.state()
        for _ in 0..<3 { _ = ExplorerReducer.reduce(&state, .key(.control("t"))) }
        #expect(state.themeName == "monochrome")
        _ = ExplorerReducer.reduce(&state, .key(.control("t")))
        #expect(state.themeName == "dark")
    }

    @Test func mouseClicksSelectNeighbourRowsAndMatrixCells() throws {
        var state = try ExplorerFixtures.pinnedState()
        let layout = ExplorerLayout.compute(size: state.size, focus: state.focus)
        let neighbours = try #require(layout.content(of: .neighbours))
        let click = MouseEvent(kind: .press(button: 0), column: neighbours.column + 3, row: neighbours.row + 2)
        _ = ExplorerReducer.reduce(&state, .key(.mouse(click)))
        #expect(state.focus == .neighbours && state.neighbourSelection == 2)

        let matrix = try #require(layout.content(of: .matrix))
        let geometry = MatrixGeometry(content: matrix, count: 3, cursorRow: state.matrixRow, cursorColumn: state.matrixColumn)
        let x = try #require(geometry.screenColumn(of: 0)), y = try #require(geometry.screenRow(of: 2))
        _ = ExplorerReducer.reduce(&state, .key(.mouse(MouseEvent(kind: .press(button: 0), column: x + 1, row: y))))
        #expect(state.focus == .matrix && state.matrixRow == 2 && state.matrixColumn == 0)
    }

    @Test func resizeKeepsTheSelectionVisible() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("apple", into: &state)
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))
        _ = ExplorerReducer.reduce(&state, .resize(GridSize(columns: 60, rows: 18)))
        let rows = try #require(ExplorerLayout.compute(size: state.size, focus: state.focus).content(of: .neighbours)).height
        #expect(state.neighbourSelection >= state.neighbourScroll)
        #expect(state.neighbourSelection < state.neighbourScroll + rows)
    }
}
