import ExplorerUI
import Teaching
import Testing
import TestSupport

/// The teaching views (issue 16) as pure values: snapshots of the MNRL, layers and
/// step-through panes, and the reducer's keys for them.
@Suite struct TeachingViewsTests {
    /// 3-d vectors whose pairs (1,2) and (3,4) agree, but not so much that the loss is 0.
    static let vectors: [[Float]] = [[1, 0, 0], [0.7, 0.7, 0], [0, 1, 0], [0.6, 0.8, 0.1], [0, 0, 1]]
    static let texts = ["She plays the guitar.", "He owns a musical instrument.", "Stocks fell today.",
                        "Markets dropped sharply.", "Rain is coming."]

    static func state(pins: Int, columns: Int = 100, rows: Int = 30) -> ExplorerState {
        var state = ExplorerState(size: GridSize(columns: columns, rows: rows), modelDescription: "fake · 3-d")
        state.pinned = (0..<pins).map { PinnedSentence(id: $0 + 1, text: texts[$0], vector: vectors[$0]) }
        state.nextPinID = pins + 1
        state.lowerView = .mnrl
        return state
    }

    private func pane(_ state: ExplorerState, columns: Int, rows: Int,
                      draw: (ExplorerState, GridRect, inout ScreenGrid) -> Void) -> String {
        var grid = ScreenGrid(size: GridSize(columns: columns, rows: rows))
        draw(state, grid.bounds, &grid)
        return framed(grid.text, columns: columns)
    }

    // MARK: MNRL

    @Test func mnrlPaneMatchesTheLossOnThePinnedVectors() throws {
        let pane = MNRLPane(state: Self.state(pins: 4))
        #expect(pane.pairs.map { "\($0.anchorLabel)→\($0.positiveLabel)" } == ["1→2", "3→4"])
        let batch = try #require(pane.batch)
        let scores = [0, 2].map { a in [1, 3].map { p in referenceCosine(Self.vectors[a], Self.vectors[p]) } }
        let expected = try MultipleNegativesRankingLoss(scale: 20).forward(scores: scores)
        #expect(abs(batch.loss - expected.loss) < 1e-9)
        #expect(batch.rows.map(\.hardestNegative) == [1, 0])
        #expect(pane.waitingLabel == nil)
    }

    @Test func mnrlPaneSnapshot() {
        expectSnapshot(pane(Self.state(pins: 4), columns: 60, rows: 8) { MNRLView.draw($0, in: $1, into: &$2) },
                       named: "pane-mnrl")
    }

    @Test func mnrlPaneOddPinWaits() {
        let state = Self.state(pins: 5)
        #expect(MNRLPane(state: state).waitingLabel == "5")
        expectSnapshot(pane(state, columns: 60, rows: 8) { MNRLView.draw($0, in: $1, into: &$2) },
                       named: "pane-mnrl-odd")
    }

    @Test func mnrlPaneOnePairIsTrivial() throws {
        let state = Self.state(pins: 2)
        #expect(try #require(MNRLPane(state: state).batch).isTrivial)
        expectSnapshot(pane(state, columns: 60, rows: 6) { MNRLView.draw($0, in: $1, into: &$2) },
                       named: "pane-mnrl-one-pair")
    }

    @Test func mnrlPaneSinglePinWaitsAndExplains() {
        expectSnapshot(pane(Self.state(pins: 1), columns: 60, rows: 5) { MNRLView.draw($0, in: $1, into: &$2) },
                       named: "pane-mnrl-one-pin")
    }

    @Test func mnrlPaneWhileAPinEncodes() {
        var state = Self.state(pins: 4)
        state.pinned[3].vector = nil
        let pane = MNRLPane(state: state)
        #expect(pane.isEncoding && pane.batch == nil)
    }

    @Test func swapAndRePairKeysInTheFocusedMNRLPane() throws {
        var state = Self.state(pins: 4)
        state.focus = .tokens
        _ = ExplorerReducer.reduce(&state, .key(.character("s")))
        #expect(MNRLPane(state: state).pairs.map { "\($0.anchorLabel)→\($0.positiveLabel)" } == ["2→1", "4→3"])
        _ = ExplorerReducer.reduce(&state, .key(.character("s")))
        _ = ExplorerReducer.reduce(&state, .key(.character("r")))
        let pane = MNRLPane(state: state)
        #expect(pane.pairs.map { "\($0.anchorLabel)→\($0.positiveLabel)" } == ["1→4", "3→2"])
        // Wrong pairs on purpose: the loss climbs.
        #expect(try #require(pane.batch).loss > (try #require(MNRLPane(state: Self.state(pins: 4)).batch)).loss)
        _ = ExplorerReducer.reduce(&state, .key(.character("r")))
        #expect(state.mnrlPairing.shift == 0)
        #expect(state.pinned.map(\.text) == Array(Self.texts.prefix(4)))  // pins never move
    }

    @Test func lTogglesTheMNRLViewOutsideTheInputOnly() {
        var state = Self.state(pins: 2)
        state.lowerView = .tokens
        _ = ExplorerReducer.reduce(&state, .key(.character("L")))
        #expect(state.lowerView == .tokens && state.editor.text == "L")  // typed into the input
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("L")))
        #expect(state.lowerView == .mnrl)
        _ = ExplorerReducer.reduce(&state, .key(.function(5)))
        #expect(state.lowerView == .tokens)
    }

    @Test func wholeScreenWithTheMNRLView() {
        var state = Self.state(pins: 4, columns: 110, rows: 28)
        state.focus = .tokens
        expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 110), named: "screen-110x28-mnrl")
    }

    // MARK: Layers

    static let walk = LayerWalk(
        sentenceA: texts[0], sentenceB: texts[1], pooling: "mean",
        layers: [LayerSimilarity(layer: 0, cosine: 0.7057, normA: 4.05, normB: 3.66),
                 LayerSimilarity(layer: 1, cosine: 0.8245, normA: 5.82, normB: 5.62),
                 LayerSimilarity(layer: 2, cosine: 0.4516, normA: 6.42, normB: 6.06)],
        shareLayer: 2,
        tokensA: [TokenShare(token: "[CLS]", share: 0.04), TokenShare(token: "she", share: 0.10),
                  TokenShare(token: "plays", share: 0.12), TokenShare(token: "guitar", share: 0.15),
                  TokenShare(token: "[SEP]", share: 0.0416)],
        tokensB: [TokenShare(token: "[CLS]", share: 0.4516)])

    @Test func yAsksForTheSelectedPairsWalkAndShowsIt() throws {
        var state = Self.state(pins: 2)
        state.lowerView = .tokens
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))  // cell (1, 2)
        let effects = ExplorerReducer.reduce(&state, .key(.character("Y")))
        let pair = LayerWalkPair(labelA: "1", labelB: "2", a: Self.texts[0], b: Self.texts[1])
        #expect(effects == [.walkLayers(pair)])
        // The same pair is not asked for twice; a result for another pair is dropped.
        #expect(ExplorerReducer.reduce(&state, .resize(state.size)).isEmpty)
        let other = LayerWalkPair(labelA: "2", labelB: "1", a: Self.texts[1], b: Self.texts[0])
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(other, Self.walk))
        #expect(state.layerWalk?.walk == nil)
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(pair, Self.walk))
        #expect(state.layerWalk?.walk == Self.walk)
        expectSnapshot(pane(state, columns: 60, rows: 9) { LayersView.draw($0, in: $1, into: &$2) },
                       named: "pane-layers")
        // Moving the cell asks for the new pair.
        let moved = ExplorerReducer.reduce(&state, .key(.character("j")))
        #expect(moved == [.walkLayers(LayerWalkPair(labelA: "2", labelB: "2", a: Self.texts[1], b: Self.texts[1]))])
    }

    /// `walk` as the engine would give it with the shares at `layer`.
    static func walk(sharesAt layer: Int) -> LayerWalk {
        LayerWalk(sentenceA: walk.sentenceA, sentenceB: walk.sentenceB, pooling: walk.pooling, layers: walk.layers,
                  shareLayer: layer, tokensA: [TokenShare(token: "guitar", share: 0.31), TokenShare(token: "she", share: 0.2)],
                  tokensB: walk.tokensB)
    }

    @Test func bracketsPickTheShareLayerAndAskForItsWalk() throws {
        var state = Self.state(pins: 2)
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        _ = ExplorerReducer.reduce(&state, .key(.character("Y")))
        let pair = LayerWalkPair(labelA: "1", labelB: "2", a: Self.texts[0], b: Self.texts[1])
        // Before the walk is known there is no layer count to move in.
        #expect(ExplorerReducer.reduce(&state, .key(.character("["))).isEmpty)
        #expect(state.message?.text.hasPrefix("layers: the walk is not there yet") == true)
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(pair, Self.walk))
        // Deeper than the last layer: said, nothing asked.
        #expect(ExplorerReducer.reduce(&state, .key(.character("]"))).isEmpty)
        #expect(state.message?.text == "layers: layer 2 is the last")
        let shallower = ExplorerReducer.reduce(&state, .key(.character("[")))
        var atOne = pair
        atOne.shareLayer = 1
        #expect(shallower == [.walkLayers(atOne)])
        #expect(state.message?.text == "layers: token shares at layer 1 of 2")
        // The old walk stays on screen until the new one comes, said as coming.
        expectSnapshot(pane(state, columns: 60, rows: 9) { LayersView.draw($0, in: $1, into: &$2) },
                       named: "pane-layers-layer-coming")
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(atOne, Self.walk(sharesAt: 1)))
        expectSnapshot(pane(state, columns: 60, rows: 9) { LayersView.draw($0, in: $1, into: &$2) },
                       named: "pane-layers-layer-1")
        // Down to the embedding layer, then back to the last (the default again).
        var atZero = pair
        atZero.shareLayer = 0
        #expect(ExplorerReducer.reduce(&state, .key(.character("["))) == [.walkLayers(atZero)])
        #expect(ExplorerReducer.reduce(&state, .key(.character("["))).isEmpty)
        #expect(state.message?.text == "layers: the embedding layer is the first")
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(atZero, Self.walk(sharesAt: 0)))
        #expect(ExplorerReducer.reduce(&state, .key(.character("]"))) == [.walkLayers(atOne)])
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(atOne, Self.walk(sharesAt: 1)))
        #expect(ExplorerReducer.reduce(&state, .key(.character("]"))) == [.walkLayers(pair)])
        #expect(state.layerShareChoice == nil)
        // The chosen layer follows the cell to the next pair.
        _ = ExplorerReducer.reduce(&state, .layerWalkFinished(pair, Self.walk))
        _ = ExplorerReducer.reduce(&state, .key(.character("[")))
        let moved = ExplorerReducer.reduce(&state, .key(.character("j")))
        #expect(moved == [.walkLayers(LayerWalkPair(labelA: "2", labelB: "2", a: Self.texts[1], b: Self.texts[1], shareLayer: 1))])
    }

    @Test func bracketsAreTextInTheInputAndNothingOutsideTheLayersView() {
        var state = Self.state(pins: 2)
        state.lowerView = .layers
        _ = ExplorerReducer.reduce(&state, .key(.character("[")))
        #expect(state.editor.text == "[" && state.layerShareChoice == nil)
        state.lowerView = .mnrl
        state.focus = .neighbours
        #expect(ExplorerReducer.reduce(&state, .key(.character("["))).isEmpty)
        #expect(state.layerShareChoice == nil && state.message == nil)
    }

    @Test func layersPaneFailureIsSaid() {
        var state = Self.state(pins: 2)
        state.lowerView = .layers
        let pair = LayerWalkPair(labelA: "1", labelB: "2", a: Self.texts[0], b: Self.texts[1])
        state.layerWalk = LayerWalkState(pair: pair, walk: nil, error: "this engine has no layer walk")
        expectSnapshot(pane(state, columns: 60, rows: 4) { LayersView.draw($0, in: $1, into: &$2) },
                       named: "pane-layers-failed")
    }

    // MARK: Step-through

    static let pipeline = PipelineWalk(
        text: "The Guitar sings.", prompt: "", normalized: "the guitar sings.", preTokens: ["the", "guitar", "sings", "."],
        wordpieces: [Wordpiece(token: "[CLS]", id: 101, isSpecial: true), Wordpiece(token: "the", id: 1996, isSpecial: false),
                     Wordpiece(token: "guitar", id: 2858, isSpecial: false), Wordpiece(token: "sings", id: 10955, isSpecial: false),
                     Wordpiece(token: ".", id: 1012, isSpecial: false), Wordpiece(token: "[SEP]", id: 102, isSpecial: true)],
        truncatedCount: 0, layerTokenNorms: [[1.5, 2.25, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12.5]], pooling: "mean",
        pooledTokenCount: 6, pooled: [3, 4], denseModules: [], beforeNormalization: [3, 4], embedding: [0.6, 0.8],
        normalizes: true, score: PipelineScore(other: "She plays the guitar.", similarity: "cosine", value: 0.6712))

    @Test func stepThroughFreezesTheInputAndWalksEveryStep() throws {
        var state = Self.state(pins: 2, columns: 80, rows: 16)
        state.lowerView = .tokens
        state.editor.replace(with: "The Guitar sings.")
        state.focus = .neighbours
        let effects = ExplorerReducer.reduce(&state, .key(.character("S")))
        #expect(effects == [.walkPipeline(text: "The Guitar sings.", other: Self.texts[0])])
        _ = ExplorerReducer.reduce(&state, .pipelineWalkFinished(text: "another text", Self.pipeline))
        #expect(state.stepThrough?.walk == nil)
        _ = ExplorerReducer.reduce(&state, .pipelineWalkFinished(text: "The Guitar sings.", Self.pipeline))
        for step in StepThroughState.Step.allCases {
            #expect(state.stepThrough?.step == step)
            expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 80),
                           named: "screen-step-\(step.rawValue + 1)")
            _ = ExplorerReducer.reduce(&state, .key(.right))
        }
        #expect(state.stepThrough?.step == .score)  // stays on the last step
        _ = ExplorerReducer.reduce(&state, .key(.character("x")))  // typing is frozen
        _ = ExplorerReducer.reduce(&state, .key(.left))
        #expect(state.stepThrough?.step == .normalization)
        _ = ExplorerReducer.reduce(&state, .key(.escape))
        #expect(state.stepThrough == nil && !state.isFinished)
        #expect(state.editor.text == "The Guitar sings.")
    }

    @Test func stepThroughNeedsASentence() {
        var state = Self.state(pins: 0)
        state.focus = .neighbours
        #expect(ExplorerReducer.reduce(&state, .key(.character("S"))).isEmpty)
        #expect(state.stepThrough == nil)
        #expect(state.message?.text == "step-through: type or pin a sentence first")
    }
}
