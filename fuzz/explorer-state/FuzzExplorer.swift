/// The explorer without a terminal: reducer, made-up engine results and rendering.
enum FuzzExplorer {
    /// Runs `events` through the reducer, answering its effects at once, resizing every 16
    /// events and rendering every 8.
    static func drive(_ events: [KeyEvent], initialSize: GridSize) {
        var state = ExplorerState(size: initialSize, modelDescription: "fuzz-model 4d", corpusName: "fuzz",
                                  themeNames: ["dark", "light", "monochrome"])
        var pending: [ExplorerAction] = [.corpusOpened(CorpusInfo(name: "fuzz", itemCount: 3, isIndexed: true))]
        for (index, event) in events.enumerated() {
            pending.append(.key(event))
            if index % 16 == 15 {
                pending.append(.resize(GridSize(columns: (index * 37) % 150, rows: (index * 11) % 45)))
            }
            while !pending.isEmpty {
                let action = pending.removeFirst()
                for effect in ExplorerReducer.reduce(&state, action) { pending += answer(effect) }
            }
            if index % 8 == 7 { check(ExplorerScreen.render(state), size: state.size) }
            if state.isFinished { break }
        }
        check(ExplorerScreen.render(state), size: state.size)
    }

    private static func check(_ frame: RenderedFrame, size: GridSize) {
        fuzzCheck(frame.grid.size == size && frame.grid.cells.count == size.columns * size.rows,
                  "frame \(frame.grid.size) for a \(size) window")
        if let column = frame.cursorColumn, let row = frame.cursorRow {
            fuzzCheck(column >= 0 && column < size.columns && row >= 0 && row < size.rows,
                      "cursor at \(column),\(row) outside \(size)")
        }
    }

    /// What a real engine would eventually send back, made up from the text.
    private static func answer(_ effect: ExplorerEffect) -> [ExplorerAction] {
        switch effect {
        case let .analyse(generation, text, neighbourCount, pinned):
            let analysis = analyse(text)
            let shares = analysis.modelTokens.map { _ in Float(1) / Float(max(1, analysis.modelTokens.count)) }
            let neighbours = (0..<min(neighbourCount, 3)).map {
                NeighbourItem(text: "neighbour \($0) of \(text.prefix(20))", id: "n\($0)", score: 0.9 - Float($0) / 10,
                              vector: vector(for: "\($0)"))
            }
            return [.analysisFinished(InputReport(
                generation: generation, analysis: analysis, encodeMilliseconds: 1.5, neighbours: neighbours,
                neighbourShares: neighbours.map { _ in shares },
                pinnedShares: Dictionary(pinned.map { ($0.pinID, shares) }, uniquingKeysWith: { first, _ in first })))]
        case .cancelAnalysis:
            return []
        case let .encodePin(pinID, text):
            return [.pinEncoded(pinID: pinID, vector: vector(for: text))]
        case let .openCorpus(name):
            return [.corpusOpened(CorpusInfo(name: name, itemCount: 3, isIndexed: true))]
        case .listCorpora:
            return [.corporaListed([CorpusInfo(name: "fuzz", itemCount: 3, isIndexed: true),
                                    CorpusInfo(name: "other", itemCount: 0, isIndexed: false)])]
        }
    }

    /// Whitespace-separated words as tokens between [CLS] and [SEP]; words past the tenth
    /// are marked truncated, as max_seq_length would cut them.
    private static func analyse(_ text: String) -> SentenceAnalysis {
        var tokens = [AnalysedToken(text: "[CLS]", start: 0, end: 0, isSpecial: true)]
        var offset = 0, wordStart: Int?
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if let begin = wordStart { tokens.append(word(text, begin, offset, index: tokens.count)) }
                wordStart = nil
            } else if wordStart == nil {
                wordStart = offset
            }
            offset += 1
        }
        if let begin = wordStart { tokens.append(word(text, begin, offset, index: tokens.count)) }
        tokens.append(AnalysedToken(text: "[SEP]", start: 0, end: 0, isSpecial: true))
        return SentenceAnalysis(text: text, tokens: tokens, vector: vector(for: text))
    }

    private static func word(_ text: String, _ start: Int, _ end: Int, index: Int) -> AnalysedToken {
        let scalars = text.unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: start), upper = scalars.index(scalars.startIndex, offsetBy: end)
        return AnalysedToken(text: String(scalars[lower..<upper]).lowercased(), start: start, end: end, isTruncated: index > 10)
    }

    private static func vector(for text: String) -> [Float] {
        let seed = Float(text.unicodeScalars.count % 7)
        return [1, seed, -0.5, 0.25].map { $0 / (1 + seed) }
    }
}
