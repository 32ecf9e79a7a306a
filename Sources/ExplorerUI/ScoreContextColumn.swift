/// The neighbours' score context: each score's place among the corpus's pairs ("top 0.4%"),
/// and with centring a mark on the items it brought into the top-k. Empty (no column) when
/// the corpus has no statistics for the scores shown, or the pane is too narrow.
struct ScoreContextColumn {
    /// Columns the context takes, its trailing space included (0: not shown).
    let width: Int
    let marksMoves: Bool
    private let distribution: PairScoreContext?
    private let entered: Set<NeighbourIdentity>

    /// Widest context text: "bottom 9.9%".
    static let textWidth = 11

    init(_ state: ExplorerState, width: Int) {
        let centred = state.report?.isCentred ?? false
        // Raw or centred, the scores are the model's function's (of centred vectors, or not).
        let label = state.similarityLabel
        let candidate = state.space.space?.context(centred: centred)
        distribution = candidate?.similarityLabel == label && width >= 40 ? candidate : nil
        self.width = distribution == nil ? 0 : Self.textWidth + 1
        if centred, let raw = state.report?.uncentredNeighbours {
            marksMoves = true
            entered = Set(CentringMoves(centred: state.neighbours, raw: raw).entered.map(NeighbourIdentity.init))
        } else {
            marksMoves = false
            entered = []
        }
    }

    func isNew(_ item: NeighbourItem) -> Bool { entered.contains(NeighbourIdentity(item)) }

    /// The padded context of `score`, `nil` when the column is not shown.
    func text(for score: Float) -> String? {
        guard let distribution else { return nil }
        let text = distribution.context(of: score) ?? ""
        return text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
