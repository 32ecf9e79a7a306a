import ExplorerUI
import Testing

/// Item 13: a key that opens an overlay opens it in the state at once, so every key after it
/// goes to the overlay, whenever the background result arrives.
@Suite struct OverlayFocusTests {
    private func matrixFocused() throws -> ExplorerState {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("hello", into: &state)
        state.focus = .matrix
        return state
    }

    private func send(_ text: String, to state: inout ExplorerState) {
        for character in text { _ = ExplorerReducer.reduce(&state, .key(.character(character))) }
    }

    @Test func keysAfterCGoToTheLoadingPickerNotTheInput() throws {
        var state = try matrixFocused()
        send("ciabc", to: &state)
        #expect(state.editor.text == "hello")
        #expect(state.focus == .matrix)
        #expect(state.overlay == .corpusPicker(corpora: nil, selection: 0, typedAhead: "iabc".map { .character($0) }))
        let corpora = [CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true),
                       CorpusInfo(name: "weather", itemCount: 2, isIndexed: false)]
        _ = ExplorerReducer.reduce(&state, .corporaListed(corpora))
        #expect(state.overlay == .corpusPicker(corpora: corpora, selection: 0))
        #expect(state.editor.text == "hello")  // replayed in the picker, where they do nothing
    }

    /// `c j Enter` typed before the list arrives: nothing is lost, the second corpus opens.
    @Test func keysTypedWhileTheListLoadsActWhenItArrives() throws {
        var state = try matrixFocused()
        state.corpusName = "fruit"
        send("cj", to: &state)
        #expect(ExplorerReducer.reduce(&state, .key(.enter)).isEmpty)  // nothing to open yet
        let corpora = [CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true),
                       CorpusInfo(name: "weather", itemCount: 2, isIndexed: false)]
        let effects = ExplorerReducer.reduce(&state, .corporaListed(corpora))
        #expect(state.overlay == nil)
        #expect(state.corpusName == "weather")
        #expect(effects.contains(.openCorpus("weather")))
    }

    @Test func escapeWhileLoadingActsAtOnceAndDropsWhatWasTypedAhead() throws {
        var state = try matrixFocused()
        send("cjj", to: &state)
        _ = ExplorerReducer.reduce(&state, .key(.escape))
        #expect(state.overlay == nil)
        let effects = ExplorerReducer.reduce(&state, .corporaListed([CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true)]))
        #expect(effects.isEmpty && state.overlay == nil)
        send("cq", to: &state)
        #expect(state.overlay == nil && !state.isFinished)
    }

    @Test func typedAheadKeysAreBounded() throws {
        var state = try matrixFocused()
        send("c" + String(repeating: "j", count: Overlay.maximumTypedAhead + 20), to: &state)
        guard case let .corpusPicker(nil, _, typedAhead)? = state.overlay else {
            Issue.record("the picker should still be loading")
            return
        }
        #expect(typedAhead.count == Overlay.maximumTypedAhead)
    }

    @Test func theLoadingPickerSaysSo() throws {
        var state = try matrixFocused()
        send("c", to: &state)
        let screen = ExplorerScreen.render(state).grid.text
        #expect(screen.contains("loading…"))
    }

    @Test func aPickerClosedWhileLoadingStaysClosedWhenTheListArrives() throws {
        var state = try matrixFocused()
        send("c", to: &state)
        _ = ExplorerReducer.reduce(&state, .key(.escape))
        #expect(state.overlay == nil && !state.isFinished)
        _ = ExplorerReducer.reduce(&state, .corporaListed([CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true)]))
        #expect(state.overlay == nil)
        // …and a list arriving over another overlay does not replace it.
        _ = ExplorerReducer.reduce(&state, .key(.function(1)))
        _ = ExplorerReducer.reduce(&state, .corporaListed([CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true)]))
        #expect(state.overlay == .help(scroll: 0))
    }

    @Test func anEmptyOrFailedListClosesTheLoadingPickerWithAMessage() throws {
        var state = try matrixFocused()
        send("c", to: &state)
        _ = ExplorerReducer.reduce(&state, .corporaListed([]))
        #expect(state.overlay == nil && state.message?.isError == false)
        send("c", to: &state)
        _ = ExplorerReducer.reduce(&state, .corporaListFailed("disk gone"))
        #expect(state.overlay == nil && state.message == StatusMessage("cannot list corpora: disk gone", isError: true))
    }

    @Test func enterWhileLoadingWaitsForTheList() throws {
        var state = try matrixFocused()
        send("c", to: &state)
        #expect(ExplorerReducer.reduce(&state, .key(.enter)).isEmpty)
        #expect(state.overlay == .corpusPicker(corpora: nil, selection: 0, typedAhead: [.enter]))
    }

    /// Every other key that opens an overlay: the keys after it never reach a pane.
    @Test(arguments: [
        (Pane.neighbours, KeyEvent.enter), (.matrix, .enter), (.matrix, .character("?")),
        (.neighbours, .function(1)), (.input, .function(1)), (.tokens, .character("?")),
    ])
    func keysAfterAnyOverlayKeyStayInTheOverlay(pane: Pane, opener: KeyEvent) throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = pane
        let before = state
        _ = ExplorerReducer.reduce(&state, .key(opener))
        #expect(state.overlay != nil)
        send("iabcdpq", to: &state)  // i would focus the input, d unpin, p pin
        #expect(state.overlay == nil)  // q closed it, nothing else happened
        #expect(state.editor.text == before.editor.text && state.pinned == before.pinned && state.focus == pane)
    }
}
