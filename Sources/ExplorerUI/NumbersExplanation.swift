import VectorArithmetic

/// What the numbers on screen mean, for this model and corpus, in a few sentences with the
/// actual numbers: the score of the selected neighbour (or matrix cell), where it falls
/// among the corpus's pairs, what its bar draws and what the token shares add up to.
public enum NumbersExplanation {
    public static func text(_ state: ExplorerState) -> String {
        guard let subject = Subject(state) else {
            return "Type a sentence (and pick a neighbour or a matrix cell): this page then explains its score, "
                + "where that score falls among the corpus's pairs, its bar and the token shares, with their numbers."
        }
        return [scoreSentence(subject, state), contextSentence(subject, state), barSentence(subject, state),
                sharesSentence(state), centringSentence(state)]
            .compactMap { $0 }.joined(separator: "\n\n")
    }

    /// The score being explained and how it was made.
    struct Subject {
        var what: String
        var score: Float
        /// The label of the score's function ("cos", "dot", …).
        var function: String
        var isCentred: Bool
        var isNeighbour: Bool

        init?(_ state: ExplorerState) {
            if state.shareTarget == .matrixCell {
                let matrix = CosineMatrix(state: state)
                guard let cell = matrix.selectedCell(state),
                      let value = matrix.value(row: cell.row, column: cell.column) else { return nil }
                let a = matrix.entries[cell.row], b = matrix.entries[cell.column]
                what = "The matrix cell (\(a.label), \(b.label))"
                score = value
                function = "cos"
                isCentred = matrix.isCentred
                isNeighbour = false
            } else {
                let neighbours = state.neighbours
                guard state.neighbourSelection < neighbours.count else { return nil }
                let item = neighbours[state.neighbourSelection]
                what = "Neighbour \(state.neighbourSelection + 1), “\(Format.fit(item.text, width: 40))”,"
                score = item.score
                isCentred = state.report?.isCentred ?? false
                function = state.similarityLabel
                isNeighbour = true
            }
        }
    }

    static func modelName(_ state: ExplorerState) -> String {
        String(state.modelDescription.split(separator: " · ").first ?? Substring(state.modelDescription))
    }

    private static func scoreSentence(_ subject: Subject, _ state: ExplorerState) -> String {
        let value = Format.score(subject.score).trimmingLeadingSpace
        let meaning: String
        if subject.isCentred {
            let function = subject.function == "cos" ? "cosine" : "\(subject.function) score"
            meaning = "the \(function) of the two vectors after subtracting the corpus mean from each and renormalising "
                + "(centring: the direction every item of this corpus shares no longer counts)"
        } else if subject.function == "cos" {
            meaning = "the cosine of the angle between the two sentence vectors: 1 is the same direction, 0 unrelated "
                + "directions, −1 opposite"
        } else {
            meaning = "the model's \(subject.function) score of the two sentence vectors (\(modelName(state)) scores with "
                + "\(subject.function), not the cosine)"
        }
        return "\(subject.what) scores \(value): \(meaning)."
    }

    private static func contextSentence(_ subject: Subject, _ state: ExplorerState) -> String? {
        guard let space = state.space.space else {
            return "Where \(Format.score(subject.score).trimmingLeadingSpace) falls among this corpus's pairs is not known "
                + "yet: the corpus statistics are not loaded."
        }
        guard let distribution = space.context(centred: subject.isCentred),
              distribution.similarityLabel == subject.function,
              let below = distribution.percentBelow(subject.score) else {
            return "No percentile: \(space.scoresUnavailableReason ?? "this corpus has no pair statistics for this score")."
        }
        let value = Format.score(subject.score).trimmingLeadingSpace
        let pairs = distribution.sampledItems.map { items in
            "a random sample of \(grouped(distribution.pairCount)) of the pairs of \(grouped(items)) items drawn at random "
                + "from \(space.corpusName)'s \(grouped(space.itemCount))"
        } ?? (distribution.isSampled
            ? "a random sample of \(grouped(distribution.pairCount)) of the pairs of \(space.corpusName)'s \(grouped(space.itemCount)) items"
            : "all \(grouped(distribution.pairCount)) pairs of \(space.corpusName)'s \(grouped(space.itemCount)) items")
        let median = Format.score(distribution.median).trimmingLeadingSpace
        return "Among \(pairs), \(PairScoreContext.percent(below)) score lower, so \(value) is in the "
            + "\(PairScoreContext.context(percentBelow: below)). Half of the pairs score below \(median) (the median): "
            + "for \(modelName(state)) on this corpus a score near \(median) is what unrelated sentences get, "
            + "so read \(value) against that, not against 0."
    }

    private static func barSentence(_ subject: Subject, _ state: ExplorerState) -> String? {
        let value = Format.score(subject.score).trimmingLeadingSpace
        if subject.isNeighbour {
            let cells = max(0, min(1, Double(subject.score))) * 10
            let tenths = Int((cells * 10).rounded())
            return "The bar draws the score itself from 0 (empty) to 1 (full, 10 cells): \(value) fills "
                + "\(tenths / 10).\(tenths % 10) cells; negative scores leave it empty. It shows the raw number, "
                + "not the percentile."
        }
        return "The cell's colour is the score on the heat scale from −1 to 1; \(value) sits "
            + "\(subject.score >= 0 ? "on the warm side" : "on the cold side")."
    }

    private static func sharesSentence(_ state: ExplorerState) -> String? {
        guard case .shares(let selection)? = TokensExplanation(state: state),
              let analysis = state.analysis else { return nil }
        let tokens = analysis.modelTokens
        let total = Format.score(selection.shares.reduce(0, +)).trimmingLeadingSpace
        var text = "The token shares split the cosine \(Format.score(selection.cosine).trimmingLeadingSpace) toward "
            + "\(selection.label) among the input's \(tokens.count) tokens; they add up to \(total)"
        let pairs = zip(tokens, selection.shares).filter { !$0.0.isSpecial }
        if let most = pairs.max(by: { $0.1 < $1.1 }), let least = pairs.min(by: { $0.1 < $1.1 }), most.0 != least.0 {
            text += ": “\(most.0.text)” adds the most (\(Format.signed(most.1))), “\(least.0.text)” the least "
                + "(\(Format.signed(least.1)))"
        }
        text += "."
        if let note = state.shareNote { text += " (\(note).)" }
        if state.report?.isCentred == true, state.shareTarget == .neighbour {
            text += " They split the raw cosine: centring changes the ranking, not the shares."
        }
        return text
    }

    private static func centringSentence(_ state: ExplorerState) -> String? {
        guard let report = state.report, report.isCentred, let raw = report.uncentredNeighbours else { return nil }
        let moves = CentringMoves(centred: report.neighbours, raw: raw)
        guard !moves.dropped.isEmpty else {
            return "Centring kept the same \(report.neighbours.count) items in the top-\(report.neighbours.count)."
        }
        let names = moves.dropped.prefix(3).map { "“\(Format.fit($0.text, width: 32))”" }.joined(separator: ", ")
        return "Centring brought \(moves.entered.count) items into the top-\(report.neighbours.count) (marked +) and "
            + "pushed \(moves.dropped.count) out, e.g. \(names)."
    }

    /// 40470 → "40,470".
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }
}

/// Which items centring moved into and out of the top-k.
public struct CentringMoves: Hashable, Sendable {
    /// Centred top-k items that the raw top-k did not have.
    public var entered: [NeighbourItem]
    /// Raw top-k items the centred top-k lost.
    public var dropped: [NeighbourItem]

    public init(centred: [NeighbourItem], raw: [NeighbourItem]) {
        let rawKeys = Set(raw.map(NeighbourIdentity.init))
        let centredKeys = Set(centred.map(NeighbourIdentity.init))
        entered = centred.filter { !rawKeys.contains(NeighbourIdentity($0)) }
        dropped = raw.filter { !centredKeys.contains(NeighbourIdentity($0)) }
    }

    /// Whether `item` (of the centred list) entered the top-k with centring.
    public func isNew(_ item: NeighbourItem) -> Bool {
        entered.contains { NeighbourIdentity($0) == NeighbourIdentity(item) }
    }
}
