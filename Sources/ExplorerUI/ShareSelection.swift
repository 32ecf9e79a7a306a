import VectorArithmetic

/// The sentence the token pane measures the input against, with the input's token shares.
public struct ShareSelection: Hashable, Sendable {
    /// "neighbour 3" or "pin 2".
    public var label: String
    public var text: String
    public var cosine: Float
    /// One share per model token (truncated tokens excluded); they sum to `cosine`.
    public var shares: [Float]

    /// The shares the tokens pane shows, `nil` when it shows none (see `TokensExplanation`).
    public init?(state: ExplorerState) {
        guard case .shares(let selection)? = TokensExplanation(state: state) else { return nil }
        self = selection
    }

    public init(label: String, text: String, cosine: Float, shares: [Float]) {
        self.label = label
        self.text = text
        self.cosine = cosine
        self.shares = shares
    }
}

/// What the tokens pane says about the current selection: the input's token shares toward
/// the selected neighbour or matrix partner, or why there are none. It is derived from the
/// selection every time, never remembered, so it cannot explain a pair that is no longer
/// selected.
public enum TokensExplanation: Hashable, Sendable {
    case shares(ShareSelection)
    /// No shares to shade with; the text says why (shown as the pane's header).
    case unshaded(String)

    /// `nil` while there is no analysed input.
    public init?(state: ExplorerState) {
        guard let analysis = state.analysis, let report = state.report else { return nil }
        switch state.shareTarget {
        case .neighbour:
            let selection = state.neighbourSelection
            guard selection >= 0, selection < report.neighbours.count,
                  selection < report.neighbourShares.count else {
                self = .unshaded("no neighbour selected: tokens unshaded")
                return
            }
            let neighbour = report.neighbours[selection]
            // A centred ranking: the shares split the raw cosine, so that is the number beside them.
            let score = report.isCentred ? Float(VectorMath.cosine(analysis.vector, neighbour.vector)) : neighbour.score
            self = .shares(ShareSelection(label: "neighbour \(selection + 1)", text: neighbour.text,
                                          cosine: score, shares: report.neighbourShares[selection]))
        case .matrixCell:
            let matrix = CosineMatrix(state: state)
            guard let cell = matrix.selectedCell(state) else {
                self = .unshaded("no matrix cell selected: tokens unshaded")
                return
            }
            let a = matrix.entries[cell.row], b = matrix.entries[cell.column]
            let pair = "cos(\(a.label), \(b.label))"
            if cell.row == cell.column {
                self = .unshaded("\(pair): the diagonal, a sentence with itself (always 1)")
                return
            }
            // The tokens are the input's: they explain a pair only when the input is in it.
            guard a.pinID == nil || b.pinID == nil, let id = a.pinID ?? b.pinID else {
                self = .unshaded("\(pair): two pins; the input's tokens explain only ▸'s row and column")
                return
            }
            guard let index = state.pinned.firstIndex(where: { $0.id == id }),
                  let vector = state.pinned[index].vector, let shares = report.pinnedShares[id] else {
                self = .unshaded("\(pair): pin \(a.pinID == nil ? b.label : a.label) is still encoding…")
                return
            }
            self = .shares(ShareSelection(label: "pin \(index + 1)", text: state.pinned[index].text,
                                          cosine: Float(VectorMath.cosine(analysis.vector, vector)), shares: shares))
        }
    }
}
