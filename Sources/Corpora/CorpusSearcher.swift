import Embedding
import SpaceAnalysis
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
    public init(corpus name: String, model: SentenceTransformer, queryPrompt: ResolvedPrompt = .none, store: any CacheStore,
                mode: SearchMode = .automatic) throws {
        corpus = try SearchableCorpus(
            named: name, in: store,
            builtBy: { record in
                try model.identity(in: store, prompt: ResolvedPrompt(name: nil, text: SentenceTransformer.recordedPrompt(of: record)))
            },
            rowsAreUnitLength: model.normalizes, similarity: model.similarityFunction, mode: mode)
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
        /// Percent of the corpus's pairs scoring below `score` (0–100), when asked for and
        /// the corpus has pairs.
        public var percentile: Double? = nil
    }

    /// The `k` best items for each query, best first.
    public func hits(for queries: [String], k: Int) throws -> [[Hit]] {
        try hits(for: queries, k: k, context: nil)
    }

    /// As above, with each score's percentile among the corpus's pair scores from `context`;
    /// when `context` centres, queries and items are centred first (`CentredSearch`) and the
    /// percentile is among the centred pair scores.
    public func hits(for queries: [String], k: Int, context: ScoreContext?) throws -> [[Hit]] {
        let vectors = try model.encode(queries, prompt: .text(queryPrompt.text))
        return try vectors.map { vector in
            let neighbours = try context?.centred.map { try $0.search(vector, k: k) } ?? corpus.neighbours(vector, k: k)
            let items = try store.items(of: corpus.record, at: neighbours.map(\.index))
            let byPosition = Dictionary(items.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
            let distribution = context.map { $0.space.distribution(centred: $0.centred != nil) }
            return neighbours.enumerated().compactMap { rank, neighbour in
                byPosition[neighbour.index].map {
                    Hit(rank: rank + 1, score: neighbour.score, item: $0,
                        percentile: distribution?.percentile(of: Double(neighbour.score)))
                }
            }
        }
    }

    /// What puts a score in context: the corpus's statistics, and the centred search when centring.
    public struct ScoreContext: Sendable {
        public let space: CorpusSpace
        public let centred: CentredSearch?

        /// The statistics of `searcher`'s corpus (from the cache, or computed and stored), and
        /// with `centre` centred search over its rows.
        public init(for searcher: CorpusSearcher, centre: Bool,
                    progress: (@Sendable (CorpusSpace.Stage, Int, Int) -> Void)? = nil) throws {
            space = try CorpusStatistics.space(of: searcher.corpus, in: searcher.store, progress: progress)
            centred = centre ? try CentredSearch(corpus: searcher.corpus, space: space) : nil
        }
    }
}
