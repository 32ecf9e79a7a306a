import Embedding
import ExplorerUI
import Foundation
import SpaceAnalysis
import Teaching
import Tokenization
import VectorCache

/// The explorer's engine over the real model and the vector cache: encodes with token
/// states, searches the open corpus' matrix, and splits cosines into exact token shares.
///
/// The worker calls it from two threads (typing, and opening or indexing a corpus), so the
/// model is used under a lock and the open corpus is swapped under another.
public final class ExplorerCorpusEngine: ExplorerEngine, @unchecked Sendable {
    public typealias Encoded = EncodedText

    /// A corpus loaded for search, with its items by position; its statistics and centred
    /// search once asked for (`ExplorerCorpusEngine+Space`).
    struct LoadedCorpus: Sendable {
        let name: String
        let corpus: SearchableCorpus
        let items: OpenCorpusItems
        var space: CorpusSpace? = nil
        var centredSearch: CentredSearch? = nil
    }

    public let model: SentenceTransformer
    public let cachePath: String
    /// Whether the cache's directory may be created (only at the default location).
    public let createsCacheDirectory: Bool
    /// Corpora that ship with Semblance, indexed on first open: name → text file.
    public let bundledCorpora: [String: URL]
    /// Texts per forward pass while indexing: small, so typing waits at most one batch.
    public let indexingBatchSize: Int
    /// Prepended to the input (the model's query prompt unless a flag says otherwise).
    public let prompt: ResolvedPrompt
    /// Prepended to the items of the bundled corpora it indexes.
    public let documentPrompt: ResolvedPrompt
    /// Exact or approximate search of the corpora it opens (`SearchMode`).
    public let searchMode: SearchMode
    /// Corpora up to this many items have their texts read when they open; larger ones
    /// read the shown neighbours' texts from the cache (`OpenCorpusItems`).
    public let textsInMemoryLimit: Int
    /// Measured on a 10M-item corpus of short sentences: reading every text at open took
    /// ~33 s and ~2 GB; 100,000 cost a hundredth of that, and no cache read per keystroke.
    public static let defaultTextsInMemoryLimit = 100_000
    /// Corpora above this many items are mapped from a seeded sample of this many rows (the
    /// map says so): a terminal's few thousand braille cells show the density alike, while
    /// projecting every row of a 10M-item corpus took most of 12 s on both cores and read
    /// all 7.7 GB of its matrix (measured).
    public let mapRowLimit: Int
    /// Shares toward sentence vectors: of their cosine, which every view shows for pins.
    private let contributions: TokenContributions
    // NSLocks (pthread mutexes) rather than `Mutex`: ThreadSanitizer sees pthread locking,
    // not the futex calls inside the prebuilt Synchronization library.
    private let modelLock = NSLock()
    let loadedLock = NSLock()
    nonisolated(unsafe) var loadedCorpus: LoadedCorpus?
    /// `explore --against B`: the second model's engine; it searches its own corpus of the
    /// same items (see `ModelComparison`), opened with this one's.
    public let against: ExplorerCorpusEngine?
    /// Why the second model has no corpus open (e.g. the index command line it needs).
    nonisolated(unsafe) private var secondCorpusError: String?
    /// The second model's vectors of pinned texts: pins are encoded once, not per keystroke.
    nonisolated(unsafe) private var vectorsByText: [String: [Float]] = [:]
    /// `T` in the explorer: the trained copy that encodes in the model's place, and its
    /// vectors of the open corpus (`ExplorerCorpusEngine+Training`). Under `loadedLock`.
    nonisolated(unsafe) var trainedCopy: TrainedCopy?

    /// The model that encodes now: the trained copy once there is one, else the model.
    var activeModel: SentenceTransformer { loadedLock.withLock { trainedCopy?.model } ?? model }

    public init(model: SentenceTransformer, cachePath: String, createsCacheDirectory: Bool = false,
         bundledCorpora: [String: URL], indexingBatchSize: Int = 16,
         prompt: ResolvedPrompt = .none, documentPrompt: ResolvedPrompt = .none, against: ExplorerCorpusEngine? = nil,
         searchMode: SearchMode = .automatic, textsInMemoryLimit: Int = ExplorerCorpusEngine.defaultTextsInMemoryLimit,
         mapRowLimit: Int = CorpusSpace.rowLimit) {
        self.against = against
        self.searchMode = searchMode
        self.textsInMemoryLimit = textsInMemoryLimit
        self.mapRowLimit = max(3, mapRowLimit)
        self.prompt = prompt
        self.documentPrompt = documentPrompt
        self.model = model
        self.cachePath = cachePath
        self.createsCacheDirectory = createsCacheDirectory
        self.bundledCorpora = bundledCorpora
        self.indexingBatchSize = indexingBatchSize
        contributions = TokenContributions(pooling: model.pooling, modules: model.modules, similarity: .cosine)
    }

    public var modelDescription: String { "\(model.name) · \(model.dimension)-d" }

    public var modelDetails: [String] {
        [model.modelFamily, prompt.text.isEmpty ? "no prompt" : "prompt \(prompt.name ?? "\"\(prompt.text)\"")",
         model.similarityFunction.name]
    }

    public var similarityLabel: String {
        model.similarityFunction == .cosine ? "cos" : model.similarityFunction.name
    }

    public var shareNote: String? {
        if contributions.basis == .pooledVectorCosine {
            return "shares of the input's own pooled vector, not of any score: a non-linear Dense leaves no exact split"
        }
        return model.similarityFunction == .cosine ? nil : "shares of the cosine, not of the \(model.similarityFunction.name) score"
    }

    public var similarityName: String { model.similarityFunction.name }

    /// The layers view: the input's prompt on both sentences, as the matrix encodes them.
    public func layerWalk(_ a: String, _ b: String) throws -> LayerWalk {
        try layerWalk(a, b, shareLayer: nil)
    }

    public func layerWalk(_ a: String, _ b: String, shareLayer: Int?) throws -> LayerWalk {
        let model = activeModel
        return try modelLock.withLock { try model.layerWalk(a, b, prompt: .text(prompt.text), shareLayer: shareLayer) }
    }

    public func pipelineWalk(_ text: String, toward other: String?) throws -> PipelineWalk {
        let model = activeModel
        return try modelLock.withLock { try model.pipelineWalk(text, toward: other, prompt: .text(prompt.text)) }
    }

    public func encode(_ text: String) throws -> EncodedText {
        let model = activeModel
        let encoded = try modelLock.withLock { try model.encodeWithStates([text], prompt: .text(prompt.text)) }
        guard let first = encoded.first else { throw CorporaError.noVector }
        return first
    }

    public func analysis(of encoded: EncodedText) -> SentenceAnalysis {
        // The model's tokens (the template's specials around the text) first, then the ones cut by max_seq_length. The
        // prompt's tokens are shown as special (no span); the others' spans are in the input.
        let promptLength = encoded.prompt.text.unicodeScalars.count
        func analysed(_ token: Token, truncated: Bool) -> AnalysedToken {
            guard promptLength > 0 else {
                return AnalysedToken(text: token.text, start: token.start, end: token.end, isSpecial: token.isSpecial, isTruncated: truncated)
            }
            if token.isSpecial || token.start < promptLength {
                return AnalysedToken(text: token.text, start: 0, end: 0, isSpecial: true, isTruncated: truncated)
            }
            return AnalysedToken(text: token.text, start: token.start - promptLength, end: token.end - promptLength,
                                 isTruncated: truncated)
        }
        let tokens = encoded.tokenized.tokens.map { analysed($0, truncated: false) }
            + encoded.tokenized.truncatedTokens.map { analysed($0, truncated: true) }
        let text = String(String.UnicodeScalarView(encoded.tokenized.text.unicodeScalars.dropFirst(promptLength)))
        return SentenceAnalysis(text: text, tokens: tokens, vector: encoded.embedding)
    }

    public func shares(of encoded: EncodedText, toward vector: [Float]) -> [Float] {
        // No split toward another sentence's vector through a non-linear Dense: the input's
        // own pooled vector, as `shareNote` says.
        if contributions.basis == .pooledVectorCosine {
            return contributions.selfShares(of: encoded).map { Float($0) }
        }
        return contributions.shares(of: encoded, toward: vector).map { Float($0) }
    }

    public func neighbours(of vector: [Float], k: Int) throws -> [NeighbourItem] {
        guard let corpus = loadedLock.withLock({ loadedCorpus }) else { throw CorporaError.noCorpusOpen }
        if let copy = loadedLock.withLock({ trainedCopy }), copy.corpusName == corpus.name {
            // The trained copy's own vectors of the corpus, in memory.
            return copy.search.search(vector, k: k).compactMap { hit in
                guard hit.index >= 0, hit.index < copy.items.count else { return nil }
                let item = copy.items[hit.index]
                return NeighbourItem(text: item.text, id: item.externalID, score: hit.score, vector: copy.vectors[hit.index])
            }
        }
        return try neighbourItems(corpus.corpus.neighbours(vector, k: k), of: corpus)
    }

    /// The hits of a search of `loaded` as the explorer shows them: text, id, score and row.
    func neighbourItems(_ hits: [Neighbour], of loaded: LoadedCorpus) throws -> [NeighbourItem] {
        let items = try loaded.items.items(at: hits.map(\.index))
        return zip(hits, items).compactMap { hit, item in
            guard let item, let row = loaded.corpus.matrix.row(hit.index) else { return nil }
            return NeighbourItem(text: item.text, id: item.externalID, score: hit.score, vector: row)
        }
    }

    /// The cache as `CacheStores.open` takes it: a file or a PostgreSQL server.
    var location: CacheLocation { CacheLocation(path: cachePath, createsDirectories: createsCacheDirectory) }

    public func corpora() throws -> [CorpusInfo] {
        var list: [CorpusInfo] = []
        if location.isServer || FileManager.default.fileExists(atPath: cachePath) {
            let store = try CacheStores.open(location, writable: false)
            list = try store.corpora().map {
                CorpusInfo(name: $0.name, itemCount: $0.itemCount, isIndexed: $0.isComplete,
                           isApproximate: searchMode.isApproximate(rows: $0.itemCount)
                               && ApproximateSearch.supports(model.similarityFunction))
            }
        }
        for name in bundledCorpora.keys.sorted() where !list.contains(where: { $0.name == name }) {
            list.append(CorpusInfo(name: name, itemCount: 0, isIndexed: false))
        }
        return list
    }

    public func openCorpus(named name: String, progress: @escaping @Sendable (IndexingProgress) -> Void) throws -> CorpusInfo {
        // A trained copy encoded the corpus that was open: it goes with it.
        discardTrainedCopy()
        let bundled = bundledCorpora[name]
        let store = try CacheStores.open(location, writable: bundled != nil)
        let identity = try modelLock.withLock { try model.identity(in: store, prompt: documentPrompt) }
        if let file = bundled {
            try indexIfNeeded(name: name, file: file, store: store, identity: identity, progress: progress)
        }
        // A corpus indexed by `index` may carry another document prompt: it is this model's all the same.
        let corpus = try SearchableCorpus(
            named: name, in: store,
            builtBy: { [self] record in
                let recorded = ResolvedPrompt(name: nil, text: SentenceTransformer.recordedPrompt(of: record))
                return recorded == documentPrompt ? identity : try modelLock.withLock { try model.identity(in: store, prompt: recorded) }
            },
            rowsAreUnitLength: model.normalizes, similarity: model.similarityFunction, mode: searchMode)
        let matrix = corpus.matrix, record = corpus.record
        let items = try OpenCorpusItems(of: record, rows: matrix.rows, in: store, inMemoryLimit: textsInMemoryLimit)
        // Statistics already in the cache come with the corpus (one row read); others are
        // computed when the explorer asks (`space(ofCorpus:)`), after the neighbours show.
        let loaded = LoadedCorpus(name: name, corpus: corpus, items: items,
                                  space: CorpusStatistics.storedSpace(of: corpus, in: store))
        loadedLock.withLock { loadedCorpus = loaded }
        if let against { openSecond(against, like: record, store: store, progress: progress) }
        return CorpusInfo(name: name, itemCount: matrix.rows, isIndexed: record.isComplete, isApproximate: corpus.isApproximate)
    }

    /// Opens the second model's corpus of the items of `record`: its own bundled corpus of the
    /// same file (indexed on first use, like the first), another the one it indexed from the
    /// same files. A failure is kept for its column, not thrown: the first model still works.
    private func openSecond(_ second: ExplorerCorpusEngine, like record: CorpusRecord, store: any CacheStore,
                            progress: @escaping @Sendable (IndexingProgress) -> Void) {
        second.closeCorpus()
        var failure: String? = nil
        do {
            let file = bundledCorpora[record.name]
            let name = try file.flatMap { file in second.bundledCorpora.first { $0.value == file }?.key }
                ?? ModelComparison.corpusIndexed(like: record, by: second.model, in: store)
            _ = try second.openCorpus(named: name, progress: progress)
        } catch {
            failure = "\(error)"
        }
        loadedLock.withLock { secondCorpusError = failure }
    }

    private func closeCorpus() {
        loadedLock.withLock { loadedCorpus = nil }
    }

    public func secondModel(for text: String, k: Int, pins: [Int: String]) -> SecondModelReport? {
        guard let against else { return nil }
        let corpusError = loadedLock.withLock { secondCorpusError }
        return against.reportAsSecondModel(for: text, k: k, pins: pins, corpusError: corpusError)
    }

    /// This engine as the second model: its vectors of the input and the pins, and its
    /// neighbours of the input in its open corpus.
    func reportAsSecondModel(for text: String, k: Int, pins: [Int: String], corpusError: String?) -> SecondModelReport {
        do {
            let input = try vector(of: text, remember: false)
            var pinVectors: [Int: [Float]] = [:]
            for (id, pinText) in pins { pinVectors[id] = try vector(of: pinText, remember: true) }
            var neighbours: [NeighbourItem] = []
            var error = corpusError
            if error == nil, k > 0 {
                do { neighbours = try self.neighbours(of: input, k: k) } catch let failure { error = "\(failure)" }
            }
            return SecondModelReport(modelName: model.name, neighbours: neighbours, inputVector: input,
                                     pinVectors: pinVectors, error: error)
        } catch {
            return SecondModelReport(modelName: model.name, error: "\(error)")
        }
    }

    /// The model's vector of `text` (with the input's prompt); `remember` keeps it for next time.
    private func vector(of text: String, remember: Bool) throws -> [Float] {
        if let known = loadedLock.withLock({ vectorsByText[text] }) { return known }
        let vectors = try modelLock.withLock { try model.encode([text], prompt: .text(prompt.text)) }
        guard let vector = vectors.first else { throw CorporaError.noVector }
        if remember {
            loadedLock.withLock {
                // Pins come and go; a long session must not keep every text it ever pinned.
                if vectorsByText.count >= 256 { vectorsByText.removeAll() }
                vectorsByText[text] = vector
            }
        }
        return vector
    }

    /// Indexes a bundled corpus unless the cache already holds all of it for this model.
    private func indexIfNeeded(name: String, file: URL, store: any CacheStore, identity: ModelIdentity,
                               progress: @escaping @Sendable (IndexingProgress) -> Void) throws {
        let indexing = try CorpusIndexing(corpus: name, files: [file.path])
        guard try !indexing.isCurrent(in: store, for: identity) else { return }
        let batchSize = indexingBatchSize
        _ = try indexing.run(
            into: store, model: identity, precision: nil, batchSize: batchSize,
            encode: { [self] texts in
                try modelLock.withLock { try model.encode(texts, prompt: .text(documentPrompt.text), batchSize: batchSize) }
            },
            progress: { progress(IndexingProgress(corpus: name, done: $0.done, total: $0.total)) })
    }
}
