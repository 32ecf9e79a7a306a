import Embedding
import VectorArithmetic
import VectorCache

/// `compare`: one corpus searched by two models. A corpus belongs to the model that indexed
/// it (the cache keys vectors by model), so model B searches its own corpus of the same
/// items: the one named with `againstCorpus`, else the corpus B indexed from the same source
/// files. Items are matched by position, which the same sources give both corpora.
public struct ModelComparison {
    public let searcherA: CorpusSearcher
    public let searcherB: CorpusSearcher

    /// One query's two top-k lists side by side, keyed by item position.
    public struct Result {
        public let query: String
        public let comparison: NeighbourComparison<Int>
        /// Items by position, for both lists.
        public let items: [Int: StoredItem]
    }

    public init(corpus: String, modelA: SentenceTransformer, queryPromptA: ResolvedPrompt = .none,
                modelB: SentenceTransformer, queryPromptB: ResolvedPrompt = .none,
                againstCorpus: String? = nil, store: any CacheStore) throws {
        searcherA = try CorpusSearcher(corpus: corpus, model: modelA, queryPrompt: queryPromptA, store: store)
        let recordA = searcherA.corpus.record
        let nameB = try againstCorpus ?? Self.corpusIndexed(like: recordA, by: modelB, in: store)
        searcherB = try CorpusSearcher(corpus: nameB, model: modelB, queryPrompt: queryPromptB, store: store)
        let recordB = searcherB.corpus.record
        // Positions only mean the same item when both corpora hold the same items.
        guard recordB.sources == recordA.sources, searcherB.corpus.matrix.rows == searcherA.corpus.matrix.rows else {
            throw CorporaError.differentCorpora(a: recordA.name, itemsA: searcherA.corpus.matrix.rows, sourcesA: recordA.sources,
                                                b: recordB.name, itemsB: searcherB.corpus.matrix.rows, sourcesB: recordB.sources)
        }
    }

    /// The corpus `model` indexed from the same sources as `record`; throws the command line
    /// that would index it when there is none.
    static func corpusIndexed(like record: CorpusRecord, by model: SentenceTransformer, in store: any CacheStore) throws -> String {
        let candidates = try store.corpora().filter {
            $0.name != record.name && $0.sources == record.sources && $0.model.name == model.name
        }
        for candidate in candidates {
            let prompt = ResolvedPrompt(name: nil, text: SentenceTransformer.recordedPrompt(of: candidate))
            if (try? store.check(candidate, isFor: model.identity(in: store, prompt: prompt))) != nil { return candidate.name }
        }
        throw CorporaError.notIndexedForModel(corpus: record.name, model: model.name,
                                               suggestedCorpus: suggestedName(for: record.name, model: model.name),
                                               modelArgument: model.directory.path, sources: record.sources)
    }

    /// `NAME.MODEL`, the name the index command line in the error suggests.
    public static func suggestedName(for corpus: String, model: String) -> String { "\(corpus).\(model)" }

    /// The `k` best items of each query for both models, compared.
    public func compare(_ queries: [String], k: Int) throws -> [Result] {
        let hitsA = try searcherA.hits(for: queries, k: k), hitsB = try searcherB.hits(for: queries, k: k)
        return zip(queries, zip(hitsA, hitsB)).map { query, lists in
            var items: [Int: StoredItem] = [:]
            for hit in lists.0 + lists.1 { items[hit.item.position] = hit.item }
            return Result(query: query,
                          comparison: NeighbourComparison(a: lists.0.map { ($0.item.position, $0.score) },
                                                          b: lists.1.map { ($0.item.position, $0.score) }),
                          items: items)
        }
    }
}
