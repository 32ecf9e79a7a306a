import Embedding
import SpaceAnalysis
import VectorCache

/// What `inspect` reports about a corpus: its space summary, hubness for k and the texts of
/// the hubs and nearest pairs, each figure read from the cache when stored there.
public struct CorpusInspection {
    public let corpus: SearchableCorpus
    public let space: CorpusSpace
    /// nil for a corpus of fewer than two items (no neighbours).
    public let hubness: Hubness?
    /// Items of the hubs and of the nearest pairs, by position.
    public let items: [Int: CorpusItem]

    /// Gathers the figures. Throws `tooManyNeighbours` when k ≥ items (for two items or more).
    public init(corpus: SearchableCorpus, store: any CacheStore, k: Int,
                spaceProgress: (@Sendable (CorpusSpace.Stage, Int, Int) -> Void)? = nil,
                hubnessProgress: (@Sendable (Int, Int) -> Void)? = nil) throws {
        let rows = corpus.matrix.rows
        if rows >= 2 && k >= rows { throw CorporaError.tooManyNeighbours(k: k, corpus: corpus.record.name, items: rows) }
        self.corpus = corpus
        space = try CorpusStatistics.space(of: corpus, in: store, progress: spaceProgress)
        let hubness = rows >= 2 ? try CorpusStatistics.hubness(of: corpus, k: k, in: store, progress: hubnessProgress) : nil
        self.hubness = hubness
        let positions = (hubness?.hubs.map(\.item) ?? []) + (hubness?.nearestPairs.flatMap { [$0.first, $0.second] } ?? [])
        let stored = try store.items(of: corpus.record, at: Array(Set(positions)).sorted())
        items = Dictionary(stored.map { ($0.position, $0.item) }, uniquingKeysWith: { first, _ in first })
    }
}
