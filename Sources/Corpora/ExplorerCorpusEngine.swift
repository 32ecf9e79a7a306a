import Embedding
import ExplorerUI
import Foundation
import VectorCache

/// The explorer's engine over the real model and the vector cache: encodes with token
/// states, searches the open corpus' matrix, and splits cosines into exact token shares.
///
/// The worker calls it from two threads (typing, and opening or indexing a corpus), so the
/// model is used under a lock and the open corpus is swapped under another.
public final class ExplorerCorpusEngine: ExplorerEngine, @unchecked Sendable {
    public typealias Encoded = EncodedText

    /// A corpus loaded for search, with its items by position.
    private struct LoadedCorpus: Sendable {
        let corpus: SearchableCorpus
        let items: [CorpusItem]
    }

    public let model: SentenceTransformer
    public let cachePath: String
    /// Whether the cache's directory may be created (only at the default location).
    public let createsCacheDirectory: Bool
    /// Corpora that ship with Semblance, indexed on first open: name → text file.
    public let bundledCorpora: [String: URL]
    /// Texts per forward pass while indexing: small, so typing waits at most one batch.
    public let indexingBatchSize: Int
    private let contributions: TokenContributions
    // NSLocks (pthread mutexes) rather than `Mutex`: ThreadSanitizer sees pthread locking,
    // not the futex calls inside the prebuilt Synchronization library.
    private let modelLock = NSLock()
    private let loadedLock = NSLock()
    nonisolated(unsafe) private var loadedCorpus: LoadedCorpus?

    public init(model: SentenceTransformer, cachePath: String, createsCacheDirectory: Bool = false,
         bundledCorpora: [String: URL], indexingBatchSize: Int = 16) {
        self.model = model
        self.cachePath = cachePath
        self.createsCacheDirectory = createsCacheDirectory
        self.bundledCorpora = bundledCorpora
        self.indexingBatchSize = indexingBatchSize
        contributions = TokenContributions(pooling: model.pooling)
    }

    public var modelDescription: String { "\(model.name) · \(model.dimension)-d" }

    public func encode(_ text: String) throws -> EncodedText {
        let encoded = try modelLock.withLock { try model.encodeWithStates([text]) }
        guard let first = encoded.first else { throw CorporaError.noVector }
        return first
    }

    public func analysis(of encoded: EncodedText) -> SentenceAnalysis {
        // The model's tokens ([CLS] … [SEP]) first, then the ones cut by max_seq_length.
        let tokens = encoded.tokenized.tokens.map {
            AnalysedToken(text: $0.text, start: $0.start, end: $0.end, isSpecial: $0.isSpecial)
        } + encoded.tokenized.truncatedTokens.map {
            AnalysedToken(text: $0.text, start: $0.start, end: $0.end, isSpecial: $0.isSpecial, isTruncated: true)
        }
        return SentenceAnalysis(text: encoded.tokenized.text, tokens: tokens, vector: encoded.embedding)
    }

    public func shares(of encoded: EncodedText, toward vector: [Float]) -> [Float] {
        contributions.shares(of: encoded.states, toward: vector).map { Float($0) }
    }

    public func neighbours(of vector: [Float], k: Int) throws -> [NeighbourItem] {
        guard let corpus = loadedLock.withLock({ loadedCorpus }) else { throw CorporaError.noCorpusOpen }
        return corpus.corpus.search.search(vector, k: k).compactMap { hit in
            guard hit.index >= 0, hit.index < corpus.items.count, let row = corpus.corpus.matrix.row(hit.index) else { return nil }
            let item = corpus.items[hit.index]
            return NeighbourItem(text: item.text, id: item.externalID, score: hit.score, vector: row)
        }
    }

    public func corpora() throws -> [CorpusInfo] {
        var list: [CorpusInfo] = []
        if FileManager.default.fileExists(atPath: cachePath) {
            let store = try VectorStore(path: cachePath, writable: false)
            list = try store.corpora().map { CorpusInfo(name: $0.name, itemCount: $0.itemCount, isIndexed: $0.isComplete) }
        }
        for name in bundledCorpora.keys.sorted() where !list.contains(where: { $0.name == name }) {
            list.append(CorpusInfo(name: name, itemCount: 0, isIndexed: false))
        }
        return list
    }

    public func openCorpus(named name: String, progress: @escaping @Sendable (IndexingProgress) -> Void) throws -> CorpusInfo {
        let bundled = bundledCorpora[name]
        let store = try VectorStore(path: cachePath, writable: bundled != nil, createDirectories: createsCacheDirectory)
        let identity = try modelLock.withLock { try model.identity(in: store) }
        if let file = bundled {
            try indexIfNeeded(name: name, file: file, store: store, identity: identity, progress: progress)
        }
        let corpus = try SearchableCorpus(named: name, in: store, builtBy: identity, rowsAreUnitLength: model.normalizes)
        let matrix = corpus.matrix, record = corpus.record
        var items: [CorpusItem] = []
        items.reserveCapacity(matrix.rows)
        try store.forEachItem(of: record) { stored in
            if stored.position == items.count { items.append(stored.item) }
        }
        let loaded = LoadedCorpus(corpus: corpus, items: items)
        loadedLock.withLock { loadedCorpus = loaded }
        return CorpusInfo(name: name, itemCount: matrix.rows, isIndexed: record.isComplete)
    }

    /// Indexes a bundled corpus unless the cache already holds all of it for this model.
    private func indexIfNeeded(name: String, file: URL, store: VectorStore, identity: ModelIdentity,
                               progress: @escaping @Sendable (IndexingProgress) -> Void) throws {
        let indexing = try CorpusIndexing(corpus: name, files: [file.path])
        guard try !indexing.isCurrent(in: store, for: identity) else { return }
        let batchSize = indexingBatchSize
        _ = try indexing.run(
            into: store, model: identity, precision: nil, batchSize: batchSize,
            encode: { [self] texts in try modelLock.withLock { try model.encode(texts, batchSize: batchSize) } },
            progress: { progress(IndexingProgress(corpus: name, done: $0.done, total: $0.total)) })
    }
}
