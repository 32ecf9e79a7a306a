import ExplorerUI
import VectorArithmetic

/// Hand-made states and reports for reducer and view tests.
enum ExplorerFixtures {
    static let engine = FakeExplorerEngine()

    static func state(columns: Int = 100, rows: Int = 30) -> ExplorerState {
        var state = ExplorerState(size: GridSize(columns: columns, rows: rows),
                                  modelDescription: engine.modelDescription, corpusName: "fruit",
                                  themeNames: ["dark", "light", "high-contrast", "monochrome"])
        state.cacheState = .ready
        state.corpus = CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true)
        return state
    }

    /// What the worker would report for `text` against the fruit corpus, computed with the
    /// fake engine directly.
    static func report(for text: String, generation: Int, pinned: [PinnedSentence] = []) throws -> InputReport {
        let encoded = try engine.encode(text)
        let analysis = engine.analysis(of: encoded)
        let texts = FakeExplorerEngine.defaultCorpora["fruit"] ?? []
        let neighbours = try texts.enumerated().map { index, item -> NeighbourItem in
            let vector = try engine.encode(item).analysis.vector
            return NeighbourItem(text: item, id: "fruit-\(index + 1)", score: Float(VectorMath.cosine(analysis.vector, vector)),
                             vector: vector)
        }.sorted { $0.score > $1.score }
        var pinnedShares: [Int: [Float]] = [:]
        for pin in pinned { if let vector = pin.vector { pinnedShares[pin.id] = engine.shares(of: encoded, toward: vector) } }
        return InputReport(generation: generation, analysis: analysis, encodeMilliseconds: 3.25,
                           neighbours: neighbours,
                           neighbourShares: neighbours.map { engine.shares(of: encoded, toward: $0.vector) },
                           pinnedShares: pinnedShares)
    }

    /// Types `text` key by key and applies the report for the final text.
    static func type(_ text: String, into state: inout ExplorerState) throws {
        for character in text { _ = ExplorerReducer.reduce(&state, .key(.character(character))) }
        let report = try report(for: state.editor.text, generation: state.requestedGeneration, pinned: state.pinned)
        _ = ExplorerReducer.reduce(&state, .analysisFinished(report))
    }

    /// A state with two pinned sentences and a third typed in.
    static func pinnedState(columns: Int = 100, rows: Int = 30) throws -> ExplorerState {
        var state = self.state(columns: columns, rows: rows)
        try type("I ate an apple", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        try type("Bananas are yellow", into: &state)
        _ = ExplorerReducer.reduce(&state, .key(.enter))
        try type("apples and pears grow in orchards", into: &state)
        return state
    }
}
