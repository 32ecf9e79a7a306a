import Tokenization

/// Why two sentences are as similar as they are: the model's score split into token and word
/// shares — exactly where the pipeline allows it, else a labelled stand-in (see `inexactReason`).
public struct SimilarityExplanation: Sendable {
    /// One sentence's side of the explanation.
    public struct Side: Sendable {
        /// The text as encoded, prompt included.
        public let text: String
        public let tokens: [Token]
        /// Each token's share toward the other sentence; sums to `sharesTotal`.
        public let shares: [Double]
        /// Each token's share of its own vector's cosine with itself; sums to 1.
        public let selfShares: [Double]
        public let words: [WordSpan]
        /// `shares` summed per word; sums to `sharesTotal`.
        public let wordShares: [Double]
        /// Wordpieces cut off by max_seq_length: they took no part.
        public let truncatedTokens: [Token]
        /// The prompt prepended to the text.
        public let prompt: ResolvedPrompt
        /// Leading tokens (the prompt's) left out of pooling: their shares are 0.
        public let excludedTokenCount: Int
    }

    /// The model's similarity score of the two sentence vectors.
    public let score: Double
    /// The model's similarity function.
    public let similarity: SimilarityFunction
    /// The cosine of the two sentence vectors (whatever the similarity function).
    public let cosine: Double
    /// What every column of shares sums to: `score` when `isExact`, else the stand-in.
    public let sharesTotal: Double
    /// What the shares are of: "cosine", "dot", "cosine of the pooled vectors"…
    public let sharedQuantity: String
    /// Why the shares are not of the score, when they are not.
    public let inexactReason: String?
    public let pooling: Pooling
    public let a: Side
    public let b: Side
    /// `[a.tokens × b.tokens]`, summing to `sharesTotal`.
    public let pairs: [[Double]]

    /// Shares sum to the score itself.
    public var isExact: Bool { inexactReason == nil }

    public init(_ first: EncodedText, _ second: EncodedText, model: SentenceTransformer) {
        self.init(first, second, contributions: TokenContributions(model: model), similarity: model.similarityFunction)
    }

    /// With the pooling alone (no Dense), scored by cosine.
    public init(_ first: EncodedText, _ second: EncodedText, pooling: PoolingMode) {
        self.init(first, second, contributions: TokenContributions(pooling: pooling), similarity: .cosine)
    }

    public init(_ first: EncodedText, _ second: EncodedText, contributions: TokenContributions, similarity: SimilarityFunction) {
        let u = contributions.basisVector(first), v = contributions.basisVector(second)
        func side(_ encoded: EncodedText, toward other: [Float]) -> Side {
            let shares = contributions.shares(of: encoded, toward: other)
            let words = WordGrouping.words(in: encoded.tokenized.text, tokens: encoded.tokenized.tokens)
            return Side(
                text: encoded.tokenized.text, tokens: encoded.tokenized.tokens, shares: shares,
                selfShares: contributions.selfShares(of: encoded), words: words,
                wordShares: WordGrouping.sum(shares, over: words),
                truncatedTokens: encoded.tokenized.truncatedTokens, prompt: encoded.prompt,
                excludedTokenCount: encoded.excludedTokenCount)
        }
        self.score = similarity.score(first.embedding, second.embedding)
        self.similarity = similarity
        self.cosine = VectorMath.cosine(first.embedding, second.embedding)
        self.sharesTotal = contributions.sharedFunction.score(u, v)
        self.sharedQuantity = contributions.sharedQuantity
        self.inexactReason = contributions.inexactReason
        self.pooling = contributions.pooling
        self.a = side(first, toward: v)
        self.b = side(second, toward: u)
        self.pairs = contributions.pairMatrix(first, second)
    }

    /// Sentences to say next to the numbers, for poolings and prompts where shares need a caveat.
    public var poolingNote: String? {
        var notes: [String] = []
        for mode in pooling.modes {
            switch mode {
            case .mean, .weightedMean: break
            case .meanSqrtLengthTokens: notes.append("mean_sqrt_len_tokens pooling only rescales the mean")
            case .max: notes.append("max pooling: each dimension is credited to the token that holds its maximum")
            case .cls: notes.append("CLS pooling: the pooled vector is the first pooled token's state, so the whole share belongs to [CLS] (with include_prompt false, to the first token after the prompt)")
            case .lastToken: notes.append("lasttoken pooling: the pooled vector is the last token's state, so that token gets the whole share")
            }
        }
        if a.excludedTokenCount > 0 || b.excludedTokenCount > 0 {
            notes.append("include_prompt is false: the prompt's tokens feed the model but not the pooling, so their shares are 0")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }
}
