import ExplorerUI
import Testing

/// Items 15, 17 and 18: blank input is empty, the neighbour selection follows its item,
/// Ctrl-C and Ctrl-Z in the state.
@Suite struct ExplorerInputRulesTests {
    static let blanks = [" ", "   ", "\t", " \t ", "\u{00A0}", "\u{3000}", "\u{200B}", "\u{FEFF}", " \u{2028} "]

    @Test(arguments: blanks)
    func blankInputIsNeverEncodedPinnedOrRemembered(_ blank: String) {
        var state = ExplorerFixtures.state()
        var effects: [ExplorerEffect] = []
        for character in blank { effects += ExplorerReducer.reduce(&state, .key(.character(character))) }
        effects += ExplorerReducer.reduce(&state, .key(.paste(blank)))
        #expect(!effects.contains { if case .analyse = $0 { true } else { false } })
        #expect(!state.hasInput && state.analysis == nil && state.neighbours.isEmpty)
        #expect(ExplorerReducer.reduce(&state, .key(.enter)).isEmpty)
        #expect(state.pinned.isEmpty)
        #expect(state.history.entries.isEmpty)
        _ = ExplorerReducer.reduce(&state, .key(.escape))  // quitting keeps drafts, but not blank ones
        #expect(state.history.entries.isEmpty)
    }

    @Test func textAroundSpacesIsStillEncodedAsTyped() {
        var state = ExplorerFixtures.state()
        var effects: [ExplorerEffect] = []
        for character in "  kiwi " { effects = ExplorerReducer.reduce(&state, .key(.character(character))) }
        #expect(effects == [.analyse(generation: state.requestedGeneration, text: "  kiwi ", neighbourCount: 30, pinned: [])])
    }

    @Test func blankPinsAndHistoryFromElsewhereAreRefused() {
        var history = InputHistory()
        history.record("   ")
        #expect(history.entries.isEmpty)
        var state = ExplorerFixtures.state()
        _ = ExplorerReducer.reduce(&state, .restoreSession(pins: [" ", "kiwi"], history: ["\t", "kiwi"], message: nil))
        #expect(state.pinned.map(\.text) == ["kiwi"] && state.history.entries == ["kiwi"])
    }

    @Test func theSelectionFollowsItsItemWhenTheRankingChanges() throws {
        // An item whose rank changes between the two texts, and not to rank 1 (where a
        // selection reset to the top would land by chance).
        let first = "apple", second = "apple grapes raisins lemons"
        let before = try ExplorerFixtures.report(for: first, generation: 1).neighbours
        let after = try ExplorerFixtures.report(for: second, generation: 1).neighbours
        let moved = before.indices.compactMap { old -> (old: Int, new: Int)? in
            guard let new = after.firstIndex(where: { $0.id == before[old].id }), new != old, new != 0 else { return nil }
            return (old, new)
        }
        let pick = try #require(moved.first)
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type(first, into: &state)
        state.focus = .neighbours
        for _ in 0..<pick.old { _ = ExplorerReducer.reduce(&state, .key(.character("j"))) }
        let chosen = state.neighbours[state.neighbourSelection]
        // Type on (focus back on the input): the list is re-ranked, the item stays selected.
        _ = ExplorerReducer.reduce(&state, .key(.character("i")))
        try ExplorerFixtures.type(String(second.dropFirst(first.count)), into: &state)
        #expect(state.neighbours[state.neighbourSelection].id == chosen.id)
        #expect(state.neighbourSelection == pick.new)
        #expect(ShareSelection(state: state)?.text == chosen.text)
        let rows = try #require(ExplorerLayout.compute(size: state.size, focus: state.focus).content(of: .neighbours)).height
        #expect(state.neighbourSelection >= state.neighbourScroll && state.neighbourSelection < state.neighbourScroll + rows)
    }

    @Test func aNewSentenceStartsAtRankOne() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("apple", into: &state)
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))
        _ = ExplorerReducer.reduce(&state, .key(.character("i")))
        _ = ExplorerReducer.reduce(&state, .key(.enter))  // pinned, input empty
        try ExplorerFixtures.type("rain", into: &state)
        #expect(state.neighbourSelection == 0 && state.neighbourScroll == 0)
    }

    @Test func aSelectedItemThatLeavesTheListGivesRankOne() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("apple", into: &state)
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("G")))
        // The same text against a corpus without that item.
        _ = ExplorerReducer.reduce(&state, .key(.character("i")))
        var report = try ExplorerFixtures.report(for: "apple!", generation: state.requestedGeneration + 1)
        report.neighbours = Array(report.neighbours.prefix(2))
        report.neighbourShares = Array(report.neighbourShares.prefix(2))
        _ = ExplorerReducer.reduce(&state, .key(.character("!")))
        _ = ExplorerReducer.reduce(&state, .analysisFinished(report))
        #expect(state.neighbourSelection == 0 && state.neighbourScroll == 0)
    }

    @Test func ctrlZAsksTheBackendToSuspendAndResumeClearsIt() throws {
        var state = ExplorerFixtures.state()
        try ExplorerFixtures.type("kiwi", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.control("z")))
        #expect(state.isSuspendRequested && !state.isFinished && state.editor.text == "kiwi")
        _ = ExplorerReducer.reduce(&state, .resumed)
        #expect(!state.isSuspendRequested)
    }

    @Test func quittingKeepsTheDraftInTheHistory() throws {
        for quit in [ExplorerAction.key(.escape), .key(.control("c")), .terminated] {
            var state = ExplorerFixtures.state()
            try ExplorerFixtures.type("unsaved words", into: &state)
            _ = ExplorerReducer.reduce(&state, quit)
            #expect(state.isFinished && state.history.entries == ["unsaved words"], "\(quit)")
            #expect(state.isInterrupted == (quit == .key(.control("c"))))
        }
    }

    @Test func keysAfterAQuitKeyInTheSameReadDoNothing() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .neighbours
        let before = state.pinned
        for key in [KeyEvent.character("q"), .character("p"), .tab, .character("d")] {
            _ = ExplorerReducer.reduce(&state, .key(key))
        }
        #expect(state.isFinished && state.pinned == before && state.focus == .neighbours)
    }

    @Test func capitalDTwiceClearsPinsAndHistory() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("D")))
        #expect(state.pinned.count == 2)  // asks first
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        _ = ExplorerReducer.reduce(&state, .key(.character("D")))
        #expect(state.pinned.count == 2)  // another key in between: asks again
        _ = ExplorerReducer.reduce(&state, .key(.character("D")))
        #expect(state.pinned.isEmpty && state.history.entries.isEmpty)
    }
}
