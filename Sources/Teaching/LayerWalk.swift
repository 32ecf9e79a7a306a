/// Two sentences' similarity at every depth of the encoder: the embedding layer's output
/// (layer 0) and each transformer layer's, each pooled as the model pools, plus how each
/// token shares in the cosine at one chosen layer. Plain values for views and exports.
public struct LayerWalk: Sendable, Hashable {
    public let sentenceA: String
    public let sentenceB: String
    /// How the token states were pooled, e.g. "mean".
    public let pooling: String
    /// Layer 0 (embeddings) to the last transformer layer.
    public let layers: [LayerSimilarity]
    /// The layer the token shares are taken at.
    public let shareLayer: Int
    /// Each sentence's tokens with its share of the pooled cosine at `shareLayer`.
    public let tokensA: [TokenShare]
    public let tokensB: [TokenShare]

    public init(sentenceA: String, sentenceB: String, pooling: String, layers: [LayerSimilarity],
                shareLayer: Int, tokensA: [TokenShare], tokensB: [TokenShare]) {
        self.sentenceA = sentenceA
        self.sentenceB = sentenceB
        self.pooling = pooling
        self.layers = layers
        self.shareLayer = shareLayer
        self.tokensA = tokensA
        self.tokensB = tokensB
    }

    /// The first layer whose cosine is within `fraction` of the way from layer 0's to the
    /// last layer's: where the pair "comes together" (or apart).
    public func layerReaching(fraction: Double = 0.5) -> Int? {
        guard let first = layers.first, let last = layers.last, first.layer != last.layer else { return nil }
        let target = first.cosine + fraction * (last.cosine - first.cosine)
        let rising = last.cosine >= first.cosine
        return layers.first { rising ? $0.cosine >= target : $0.cosine <= target }?.layer
    }
}

/// One layer of a `LayerWalk`.
public struct LayerSimilarity: Sendable, Hashable {
    /// 0 for the embedding layer's output, k for transformer layer k.
    public let layer: Int
    /// Cosine of the two pooled vectors at this layer.
    public let cosine: Double
    /// Length of each pooled vector.
    public let normA: Double
    public let normB: Double

    public init(layer: Int, cosine: Double, normA: Double, normB: Double) {
        self.layer = layer
        self.cosine = cosine
        self.normA = normA
        self.normB = normB
    }
}

/// A token and its share of a cosine (the shares of one sentence sum to the cosine).
public struct TokenShare: Sendable, Hashable {
    public let token: String
    public let share: Double

    public init(token: String, share: Double) {
        self.token = token
        self.share = share
    }
}
