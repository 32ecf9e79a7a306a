import Tokenization

/// Why two sentences are as similar as they are: the cosine split into token and word shares.
public struct SimilarityExplanation: Sendable {
    /// One sentence's side of the explanation.
    public struct Side: Sendable {
        public let text: String
        public let tokens: [Token]
        /// Each token's share of the cosine toward the other sentence; sums to `cosine`.
        public let shares: [Double]
        /// Each token's share of its own sentence vector; sums to 1.
        public let selfShares: [Double]
        public let words: [WordSpan]
        /// `shares` summed per word; sums to `cosine`.
        public let wordShares: [Double]
        /// Wordpieces cut off by max_seq_length: they took no part.
        public let truncatedTokens: [Token]
    }

    public let cosine: Double
    public let pooling: PoolingMode
    public let a: Side
    public let b: Side
    /// `[a.tokens × b.tokens]`, summing to `cosine`.
    public let pairs: [[Double]]

    public init(_ first: EncodedText, _ second: EncodedText, pooling: PoolingMode) {
        let contributions = TokenContributions(pooling: pooling)
        let u = contributions.pooled(first.states), v = contributions.pooled(second.states)
        func side(_ encoded: EncodedText, toward other: [Float]) -> Side {
            let shares = contributions.shares(of: encoded.states, toward: other)
            let words = WordGrouping.words(in: encoded.tokenized.text, tokens: encoded.tokenized.tokens)
            return Side(
                text: encoded.tokenized.text, tokens: encoded.tokenized.tokens, shares: shares,
                selfShares: contributions.selfShares(of: encoded.states), words: words,
                wordShares: WordGrouping.sum(shares, over: words),
                truncatedTokens: encoded.tokenized.truncatedTokens)
        }
        self.cosine = VectorMath.cosine(u, v)
        self.pooling = pooling
        self.a = side(first, toward: v)
        self.b = side(second, toward: u)
        self.pairs = contributions.pairMatrix(first.states, second.states)
    }

    /// A sentence to say next to the numbers, for poolings where shares need a caveat.
    public var poolingNote: String? {
        switch pooling {
        case .mean: nil
        case .meanSqrtLengthTokens: "mean_sqrt_len_tokens pooling only rescales the mean: shares are the mean-pooling shares"
        case .max: "max pooling: each dimension is credited to the token that holds its maximum"
        case .cls: "CLS pooling: the sentence vector is the [CLS] state, so the whole cosine belongs to [CLS]"
        }
    }
}
