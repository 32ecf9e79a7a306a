import Teaching

/// What the explorer needs from a model and a corpus: a narrow protocol so the real
/// adapter (model + vector cache) stays thin and tests use a fake.
///
/// Calls come from background threads: `encode`, `shares` and `neighbours` from the
/// analysis worker, `corpora` and `openCorpus` from the corpus worker, possibly at the same
/// time. Implementations must be safe for that (a lock around the model is enough).
public protocol ExplorerEngine: Sendable {
    /// The engine's own record of one encoded text (e.g. its token states), kept by the
    /// worker so contributions need no second forward pass.
    associatedtype Encoded: Sendable

    /// Shown in the status line, e.g. "all-MiniLM-L6-v2 · 384-d".
    var modelDescription: String { get }

    /// More for the status line, e.g. ["bert", "prompt query", "cosine"]: the model family,
    /// the prompt in use and the similarity function.
    var modelDetails: [String] { get }

    /// The similarity function's short name for headers ("cos", "dot", …): neighbour scores are its.
    var similarityLabel: String { get }

    /// What the shares are when they are not exact shares of the score shown next to them
    /// (e.g. "shares of the cosine, not of the dot score"); nil when they are.
    var shareNote: String? { get }

    /// Runs the model on `text`.
    func encode(_ text: String) throws -> Encoded

    /// The tokens and the sentence vector of an encoded text.
    func analysis(of encoded: Encoded) -> SentenceAnalysis

    /// Each model token's share of the cosine between the encoded text and `vector`, in
    /// the order of `analysis(of:).tokens` without the truncated ones; the shares sum to
    /// the cosine.
    func shares(of encoded: Encoded, toward vector: [Float]) -> [Float]

    /// The `k` items of the open corpus most similar to `vector`, best first.
    func neighbours(of vector: [Float], k: Int) throws -> [NeighbourItem]

    /// The corpora the user can switch to.
    func corpora() throws -> [CorpusInfo]

    /// Opens a corpus by name for `neighbours`, indexing it first if needed; reports
    /// progress while indexing.
    func openCorpus(named name: String,
                    progress: @escaping @Sendable (IndexingProgress) -> Void) throws -> CorpusInfo

    /// The open corpus's score distribution, mean and map (computed once and cached by the
    /// engine); `nil` when the engine keeps no statistics. Called from the corpus worker
    /// after `openCorpus` returned for `name`.
    func space(ofCorpus name: String) throws -> ExplorerSpace?

    /// The `k` items of the open corpus nearest to `vector` after subtracting the corpus
    /// mean from both and renormalising (centred cosine), best first.
    func centredNeighbours(of vector: [Float], k: Int) throws -> [NeighbourItem]
    /// `explore --against B`: the second model's neighbours of `text` and its vectors of the
    /// input and the pins (`pins`: id → text); nil when there is no second model.
    func secondModel(for text: String, k: Int, pins: [Int: String]) -> SecondModelReport?

    /// sentence-transformers' name of the model's similarity function ("cosine", "dot",
    /// "euclidean", "manhattan"): the MNRL view scores pins with it.
    var similarityName: String { get }

    /// The pooled cosine of `a` and `b` after every layer (the layers view).
    func layerWalk(_ a: String, _ b: String) throws -> LayerWalk

    /// The same, with the token shares taken at `shareLayer` (0 = embeddings; nil: the last).
    func layerWalk(_ a: String, _ b: String, shareLayer: Int?) throws -> LayerWalk

    /// `text` through every stage of the pipeline (step-through), scored toward `other`.
    func pipelineWalk(_ text: String, toward other: String?) throws -> PipelineWalk

    /// `T`: trains a copy of the model in use on the pinned pairs (`progress` after every
    /// step, `isCancelled` checked between steps); once it returns the copy encodes the
    /// input, the pins and the open corpus. Runs on the worker's teaching queue.
    func trainCopy(_ request: PinTrainingRequest, progress: @escaping @Sendable (PinTrainingProgress) -> Void,
                   isCancelled: @escaping @Sendable () -> Bool) throws -> PinTrainingOutcome

    /// `W`: writes the trained copy to `path` (a new directory) as a sentence-transformers model.
    func saveTrainedCopy(to path: String) throws
}

extension ExplorerEngine {
    public var modelDetails: [String] { [] }
    public var similarityName: String { "cosine" }
    public func layerWalk(_ a: String, _ b: String) throws -> LayerWalk {
        throw ExplorerUIError.notSupported("this engine has no layer walk")
    }
    public func pipelineWalk(_ text: String, toward other: String?) throws -> PipelineWalk {
        throw ExplorerUIError.notSupported("this engine has no step-through")
    }
    public func layerWalk(_ a: String, _ b: String, shareLayer: Int?) throws -> LayerWalk {
        guard shareLayer == nil else { throw ExplorerUIError.notSupported("this engine takes token shares at the last layer only") }
        return try layerWalk(a, b)
    }
    public func trainCopy(_ request: PinTrainingRequest, progress: @escaping @Sendable (PinTrainingProgress) -> Void,
                          isCancelled: @escaping @Sendable () -> Bool) throws -> PinTrainingOutcome {
        throw ExplorerUIError.notSupported("this engine cannot train a copy of its model")
    }
    public func saveTrainedCopy(to path: String) throws {
        throw ExplorerUIError.notSupported("this engine has no trained copy to write")
    }
    public var similarityLabel: String { "cos" }
    public var shareNote: String? { nil }
    public func space(ofCorpus name: String) throws -> ExplorerSpace? { nil }
    public func centredNeighbours(of vector: [Float], k: Int) throws -> [NeighbourItem] {
        throw ExplorerUIError.noCorpusStatistics
    }
    public func secondModel(for text: String, k: Int, pins: [Int: String]) -> SecondModelReport? { nil }
}

/// One token of the input as the model saw it (or cut off).
public struct AnalysedToken: Hashable, Sendable {
    /// The token as the tokenizer writes it, e.g. "##ing", "▁the", "Ġworld" or "[CLS]".
    public var text: String
    /// Span in the input text, in Unicode scalars (Python `str` offsets); special tokens
    /// have an empty span.
    public var start: Int
    public var end: Int
    public var isSpecial: Bool
    /// Beyond max_seq_length: not seen by the model, no share.
    public var isTruncated: Bool

    public init(text: String, start: Int, end: Int, isSpecial: Bool = false, isTruncated: Bool = false) {
        self.text = text
        self.start = start
        self.end = end
        self.isSpecial = isSpecial
        self.isTruncated = isTruncated
    }
}

/// The input sentence after encoding: tokens and the pooled vector.
public struct SentenceAnalysis: Hashable, Sendable {
    public var text: String
    public var tokens: [AnalysedToken]
    /// The sentence embedding, `[hidden]`.
    public var vector: [Float]

    public init(text: String, tokens: [AnalysedToken], vector: [Float]) {
        self.text = text
        self.tokens = tokens
        self.vector = vector
    }

    /// Tokens the model saw (the ones shares are given for).
    public var modelTokens: [AnalysedToken] { tokens.filter { !$0.isTruncated } }
}

/// One corpus item near the input.
public struct NeighbourItem: Hashable, Sendable {
    public var text: String
    public var id: String?
    /// Cosine similarity to the input.
    public var score: Float
    /// The item's vector, `[hidden]` (used for token shares).
    public var vector: [Float]

    public init(text: String, id: String? = nil, score: Float, vector: [Float]) {
        self.text = text
        self.id = id
        self.score = score
        self.vector = vector
    }
}

/// A corpus the engine knows.
public struct CorpusInfo: Hashable, Sendable {
    public var name: String
    public var itemCount: Int
    /// Whether every item already has a vector for this model.
    public var isIndexed: Bool
    /// Whether its search is approximate (a large corpus: exact scores, a neighbour may be missed).
    public var isApproximate: Bool

    public init(name: String, itemCount: Int, isIndexed: Bool, isApproximate: Bool = false) {
        self.name = name
        self.itemCount = itemCount
        self.isIndexed = isIndexed
        self.isApproximate = isApproximate
    }
}

/// How far indexing a corpus has come.
public struct IndexingProgress: Hashable, Sendable {
    public var corpus: String
    public var done: Int
    public var total: Int

    public init(corpus: String, done: Int, total: Int) {
        self.corpus = corpus
        self.done = done
        self.total = total
    }

    /// `done / total` in 0 … 1 (0 when the total is unknown).
    public var fraction: Double {
        total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
    }
}
