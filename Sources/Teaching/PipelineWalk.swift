/// One sentence's way through a sentence-transformers model, with the real intermediate
/// values of each stage: the explorer's step-through shows one stage per screen.
public struct PipelineWalk: Sendable, Hashable {
    /// The text as typed (the prompt, when there is one, is `prompt`).
    public let text: String
    public let prompt: String
    /// After the normalizer (lowercasing, accent stripping… as the tokenizer does).
    public let normalized: String
    /// After the pre-tokenizer: the pieces the model tokenizes one by one.
    public let preTokens: [String]
    /// Wordpieces with their vocabulary ids, the template's special tokens included.
    public let wordpieces: [Wordpiece]
    /// Wordpieces cut off by max_seq_length.
    public let truncatedCount: Int
    /// Per layer (0 = embeddings), each token's state norm.
    public let layerTokenNorms: [[Double]]
    /// How the last layer's token states become one vector.
    public let pooling: String
    /// Tokens in the pooling (the prompt's may be left out).
    public let pooledTokenCount: Int
    /// The pooled vector, before any Dense module.
    public let pooled: [Float]
    /// The Dense modules between pooling and normalisation, by summary ("Dense 384→128 Tanh").
    public let denseModules: [String]
    /// The vector before normalisation (after any Dense), and the sentence vector.
    public let beforeNormalization: [Float]
    public let embedding: [Float]
    public let normalizes: Bool
    /// The score toward another sentence, when one was given.
    public let score: PipelineScore?

    public init(text: String, prompt: String, normalized: String, preTokens: [String], wordpieces: [Wordpiece],
                truncatedCount: Int, layerTokenNorms: [[Double]], pooling: String, pooledTokenCount: Int,
                pooled: [Float], denseModules: [String], beforeNormalization: [Float], embedding: [Float],
                normalizes: Bool, score: PipelineScore?) {
        self.text = text
        self.prompt = prompt
        self.normalized = normalized
        self.preTokens = preTokens
        self.wordpieces = wordpieces
        self.truncatedCount = truncatedCount
        self.layerTokenNorms = layerTokenNorms
        self.pooling = pooling
        self.pooledTokenCount = pooledTokenCount
        self.pooled = pooled
        self.denseModules = denseModules
        self.beforeNormalization = beforeNormalization
        self.embedding = embedding
        self.normalizes = normalizes
        self.score = score
    }
}

/// A wordpiece and its vocabulary id.
public struct Wordpiece: Sendable, Hashable {
    public let token: String
    public let id: Int32
    public let isSpecial: Bool

    public init(token: String, id: Int32, isSpecial: Bool) {
        self.token = token
        self.id = id
        self.isSpecial = isSpecial
    }
}

/// The last step: the model's similarity score toward another sentence.
public struct PipelineScore: Sendable, Hashable {
    public let other: String
    /// sentence-transformers' name of the similarity function, e.g. "cosine".
    public let similarity: String
    public let value: Double

    public init(other: String, similarity: String, value: Double) {
        self.other = other
        self.similarity = similarity
        self.value = value
    }
}
