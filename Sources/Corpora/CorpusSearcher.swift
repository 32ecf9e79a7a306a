import Embedding
import VectorCache

/// A cached corpus opened for search with the model it was built with: queries in, the
/// nearest stored items out.
public struct CorpusSearcher {
    public let corpus: SearchableCorpus
    public let model: SentenceTransformer
    public let store: any CacheStore
    /// Prepended to the queries.
    public let queryPrompt: ResolvedPrompt

    /// Opens `name` in `store`, checks that `model` is the one the corpus was built with, and
    /// loads its vectors into one matrix. An incomplete corpus opens too (its record says
    /// so): the caller decides whether to warn.
    /// The corpus must be this model's, with whatever document prompt it was indexed with;
    /// the queries get `queryPrompt`.
    public init(corpus name: String, model: SentenceTransformer, queryPrompt: ResolvedPrompt = .none, store: any CacheStore) throws {
        corpus = try SearchableCorpus(
            named: name, in: store,
            builtBy: { record in
                try model.identity(in: store, prompt: ResolvedPrompt(name: nil, text: SentenceTransformer.recordedPrompt(of: record)))
            },
            rowsAreUnitLength: model.normalizes, similarity: model.similarityFunction)
        self.model = model
        self.store = store
        self.queryPrompt = queryPrompt
    }

    /// One result with its item.
    public struct Hit: Sendable, Equatable {
        /// 1 for the best.
        public let rank: Int
        public let score: Float
        public let item: StoredItem
    }

    /// The `k` best items for each query, best first.
    public func hits(for queries: [String], k: Int) throws -> [[Hit]] {
        let vectors = try model.encode(queries, prompt: .text(queryPrompt.text))
        return try vectors.map { vector in
            let neighbours = corpus.search.search(vector, k: k)
            let items = try store.items(of: corpus.record, at: neighbours.map(\.index))
            let byPosition = Dictionary(items.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
            return neighbours.enumerated().compactMap { rank, neighbour in
                byPosition[neighbour.index].map { Hit(rank: rank + 1, score: neighbour.score, item: $0) }
            }
        }
    }
}
