import Embedding
import Foundation
import TextOutput
import VectorCache

/// A cached corpus opened for search with the model it was built with.
struct CorpusSearcher {
    let corpus: CorpusRecord
    let model: SentenceTransformer
    let search: NeighbourSearch
    let store: VectorStore
    /// Prepended to the queries.
    let queryPrompt: ResolvedPrompt
    /// What the corpus' items were encoded with.
    let documentPrompt: ResolvedPrompt

    /// Opens `name` read-only, checks that `model` is the one the corpus was built with, and
    /// loads its vectors into one matrix.
    init(corpus name: String, model: SentenceTransformer, queryPrompt: ResolvedPrompt = .none, cache: CacheOptions) throws {
        let store = try cache.open(writable: false)
        let corpus = try store.requireCorpus(named: name)
        // The corpus must be this model's, with whatever document prompt it was indexed with.
        let documentPrompt = ResolvedPrompt(name: nil, text: SentenceTransformer.recordedPrompt(of: corpus))
        try store.check(corpus, isFor: model.identity(in: store, prompt: documentPrompt))
        let matrix = try store.loadMatrix(of: corpus)
        let storage: NeighbourSearch.Storage = switch matrix.storage {
        case let .f32(values): .f32(values)
        case let .f16(halves): .f16(halves)
        }
        guard let search = NeighbourSearch(rows: matrix.rows, dimension: matrix.dimension, storage: storage,
                                               rowsAreUnitLength: model.normalizes, similarity: model.similarityFunction) else {
            throw VectorCacheError.damagedCorpus(corpus: name, detail: "its matrix does not have \(matrix.rows) × \(matrix.dimension) components")
        }
        if !corpus.isComplete {
            FileHandle.standardError.write(Data(
                "warning: corpus \"\(TerminalText.visible(name))\" is incomplete (an indexing run did not finish); searching its \(matrix.rows) stored items\n".utf8))
        }
        self.corpus = corpus
        self.model = model
        self.search = search
        self.store = store
        self.queryPrompt = queryPrompt
        self.documentPrompt = documentPrompt
    }

    /// One result with its item.
    struct Hit {
        let rank: Int
        let score: Float
        let item: StoredItem
    }

    /// The `k` best items for each query, best first.
    func hits(for queries: [String], k: Int) throws -> [[Hit]] {
        let vectors = try model.encode(queries, prompt: .text(queryPrompt.text))
        return try vectors.map { vector in
            let neighbours = search.search(vector, k: k)
            let items = try store.items(of: corpus, at: neighbours.map(\.index))
            let byPosition = Dictionary(items.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
            return neighbours.enumerated().compactMap { rank, neighbour in
                byPosition[neighbour.index].map { Hit(rank: rank + 1, score: neighbour.score, item: $0) }
            }
        }
    }
}
