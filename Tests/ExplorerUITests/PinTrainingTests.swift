import ExplorerUI
import Foundation
import Teaching
import Testing
import TestSupport

/// "Train on pinned pairs" (issue 17) as pure values: `T` asks for a run on the pairs the
/// MNRL view shows, each step's vectors move the MNRL view and the matrix, `T` again cancels,
/// a finished run re-encodes every pin and the input with the copy, `W` asks to write it.
@Suite struct PinTrainingTests {
    private func pane(_ state: ExplorerState, columns: Int, rows: Int,
                      draw: (ExplorerState, GridRect, inout ScreenGrid) -> Void) -> String {
        var grid = ScreenGrid(size: GridSize(columns: columns, rows: rows))
        draw(state, grid.bounds, &grid)
        return framed(grid.text, columns: columns)
    }

    private static func pairedState() -> ExplorerState {
        var state = TeachingViewsTests.state(pins: 4, columns: 100, rows: 30)
        state.focus = .neighbours
        state.corpusName = "fruit"
        state.saveDirectory = "/tmp/lesson"
        return state
    }

    @Test func tNeedsTwoPairs() {
        var state = TeachingViewsTests.state(pins: 3)
        state.focus = .neighbours
        #expect(ExplorerReducer.reduce(&state, .key(.character("T"))).isEmpty)
        #expect(state.training == .idle)
        #expect(state.message?.text.hasPrefix("train: pin two (anchor, positive) pairs or more first") == true)
    }

    @Test func tAsksForTheMNRLViewsPairsAndTAgainCancels() throws {
        var state = Self.pairedState()
        _ = ExplorerReducer.reduce(&state, .key(.character("s")))  // not the tokens pane: nothing
        state.focus = .tokens
        _ = ExplorerReducer.reduce(&state, .key(.character("s")))  // swapped: 2→1, 4→3
        let texts = TeachingViewsTests.texts
        let effects = ExplorerReducer.reduce(&state, .key(.character("T")))
        let pairs = [PinPair(anchor: texts[1], positive: texts[0]), PinPair(anchor: texts[3], positive: texts[2])]
        #expect(effects == [.trainPinnedPairs(PinTrainingRequest(pairs: pairs))])
        #expect(state.training == .running(nil, isCancelling: false))
        #expect(state.message?.text == "train: a copy of the model on 2 pairs, 8 steps… (T cancels)")
        #expect(ExplorerReducer.reduce(&state, .key(.character("T"))) == [.cancelTraining])
        #expect(state.training == .running(nil, isCancelling: true))
        _ = ExplorerReducer.reduce(&state, .trainingFailed(message: "cancelled", wasCancelled: true))
        #expect(state.training == .idle)
        #expect(state.message?.text == "train: cancelled; the copy was discarded")
    }

    @Test func eachStepMovesTheMNRLViewLive() throws {
        var state = Self.pairedState()
        state.lowerView = .mnrl
        _ = ExplorerReducer.reduce(&state, .key(.character("T")))
        let before = try #require(MNRLPane(state: state).batch)
        // The copy after one step: each positive a little nearer its anchor.
        let texts = TeachingViewsTests.texts, vectors = TeachingViewsTests.vectors
        let moved: [String: [Float]] = [texts[1]: [0.9, 0.3, 0], texts[3]: [0.1, 0.95, 0]]
        _ = ExplorerReducer.reduce(&state, .trainingProgressed(PinTrainingProgress(
            phase: .training(step: 1, total: 8, loss: before.loss), vectors: moved)))
        #expect(state.pinned[1].vector == moved[texts[1]] && state.pinned[0].vector == vectors[0])
        let after = try #require(MNRLPane(state: state).batch)
        let scores = [0, 2].map { a in [1, 3].map { p in
            referenceCosine(state.pinned[a].vector ?? [], state.pinned[p].vector ?? [])
        } }
        #expect(abs(after.loss - (try MultipleNegativesRankingLoss(scale: 20).forward(scores: scores)).loss) < 1e-9)
        #expect(after.loss < before.loss)
        #expect(state.message?.text == "train: step 1/8 · MNRL loss \(String(format: "%.3f", before.loss)) (T cancels)")
        expectSnapshot(pane(state, columns: 60, rows: 8) { MNRLView.draw($0, in: $1, into: &$2) }, named: "pane-mnrl-training")
        expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 100), named: "screen-100x30-training")
        _ = ExplorerReducer.reduce(&state, .trainingProgressed(PinTrainingProgress(phase: .encodingCorpus(done: 16, total: 285))))
        #expect(state.message?.text == "train: encoding the corpus with the trained copy 16/285…")
    }

    @Test func aFinishedRunReencodesEveryPinAndTheInputAndWCanWriteIt() throws {
        var state = Self.pairedState()
        state.editor.replace(with: "guitar")
        state.modelDetails = ["bert", "no prompt", "cosine"]
        #expect(ExplorerReducer.reduce(&state, .key(.character("W"))).isEmpty)
        #expect(state.message?.text == "W: nothing trained yet (T trains a copy on the pinned pairs)")
        _ = ExplorerReducer.reduce(&state, .key(.character("T")))
        _ = ExplorerReducer.reduce(&state, .key(.character("W")))
        #expect(state.trainedCopySaveRequests == 0)
        let outcome = PinTrainingOutcome(steps: 8, pairs: 2, firstLoss: 0.5123, lastLoss: 0.0456, baseModel: "fake")
        let effects = ExplorerReducer.reduce(&state, .trainingFinished(outcome))
        let encodes = effects.filter { if case .encodePin = $0 { true } else { false } }
        #expect(encodes.count == 4)
        #expect(effects.contains { if case .analyse(_, "guitar", _, _, false) = $0 { true } else { false } })
        #expect(state.training == .trained(outcome, totalSteps: 8))
        #expect(state.modelDetails == ["bert", "no prompt", "cosine", "trained copy +8 steps"])
        #expect(state.message?.text == "trained a copy: 8 steps on 2 pairs, MNRL loss 0.512 → 0.046 · W writes it to /tmp/lesson/semblance-trained-TIME")
        _ = ExplorerReducer.reduce(&state, .key(.character("W")))
        #expect(state.trainedCopySaveRequests == 1)
        // An export would name the base model: refused while the copy is in use.
        _ = ExplorerReducer.reduce(&state, .key(.character("e")))
        #expect(state.exportRequests == 0)
        #expect(state.message?.text.hasPrefix("export: a trained copy is in use") == true)
        _ = ExplorerReducer.reduce(&state, .trainedCopySaved(path: "/tmp/lesson/semblance-trained-20261130-153000"))
        #expect(state.message?.text == "saved the trained copy to /tmp/lesson/semblance-trained-20261130-153000 (explore --model it --against fake)")
        // A second run goes on from the copy: the steps add up.
        _ = ExplorerReducer.reduce(&state, .key(.character("T")))
        _ = ExplorerReducer.reduce(&state, .trainingFinished(outcome))
        #expect(state.training == .trained(outcome, totalSteps: 16))
        #expect(state.modelDetails.last == "trained copy +16 steps")
    }

    @Test func aFailedRunKeepsTheModelInUseAndSaysWhy() {
        var state = Self.pairedState()
        _ = ExplorerReducer.reduce(&state, .key(.character("T")))
        let effects = ExplorerReducer.reduce(&state, .trainingFailed(message: "fake cannot train a copy", wasCancelled: false))
        #expect(state.training == .idle)
        #expect(state.message == StatusMessage("train: fake cannot train a copy", isError: true))
        #expect(effects.count == 4)  // the pins' vectors back to the model in use
    }

    @Test func switchingCorpusDiscardsTheCopy() {
        var state = Self.pairedState()
        _ = ExplorerReducer.reduce(&state, .key(.character("T")))
        _ = ExplorerReducer.reduce(&state, .trainingFinished(PinTrainingOutcome(steps: 8, pairs: 2, firstLoss: 1, lastLoss: 0.5, baseModel: "fake")))
        // c, the list comes, Enter on "weather".
        _ = ExplorerReducer.reduce(&state, .key(.character("c")))
        _ = ExplorerReducer.reduce(&state, .corporaListed([CorpusInfo(name: "weather", itemCount: 3, isIndexed: true)]))
        let effects = ExplorerReducer.reduce(&state, .key(.enter))
        #expect(effects.contains(.openCorpus("weather")))
        #expect(state.training == .idle)
        #expect(!state.modelDetails.contains { $0.hasPrefix("trained copy") })
        #expect(effects.filter { if case .encodePin = $0 { true } else { false } }.count == 4)
    }
}
