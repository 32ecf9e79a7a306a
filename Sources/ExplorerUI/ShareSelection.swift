/// The sentence the token pane measures the input against, with the input's token shares.
public struct ShareSelection: Hashable, Sendable {
    /// "neighbour 3" or "pin 2".
    public var label: String
    public var text: String
    public var cosine: Float
    /// One share per model token (truncated tokens excluded); they sum to `cosine`.
    public var shares: [Float]

    /// Resolves `state.shareTarget`, falling back to the selected neighbour when a pin has
    /// no shares yet; `nil` when there is nothing to compare with.
    public init?(state: ExplorerState) {
        guard let analysis = state.analysis, let report = state.report else { return nil }
        if case .pinned(let id) = state.shareTarget,
           let index = state.pinned.firstIndex(where: { $0.id == id }),
           let shares = report.pinnedShares[id], let vector = state.pinned[index].vector {
            let pin = state.pinned[index]
            self.init(label: "pin \(index + 1)", text: pin.text,
                      cosine: CosineSimilarity.between(analysis.vector, vector), shares: shares)
            return
        }
        let selection = state.neighbourSelection
        guard selection >= 0, selection < report.neighbours.count,
              selection < report.neighbourShares.count else { return nil }
        let neighbour = report.neighbours[selection]
        self.init(label: "neighbour \(selection + 1)", text: neighbour.text,
                  cosine: neighbour.score, shares: report.neighbourShares[selection])
    }

    public init(label: String, text: String, cosine: Float, shares: [Float]) {
        self.label = label
        self.text = text
        self.cosine = cosine
        self.shares = shares
    }
}
