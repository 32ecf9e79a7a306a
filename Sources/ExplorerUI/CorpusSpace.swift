/// What the explorer knows about the open corpus's space: where scores fall among its pairs
/// (raw and centred), its mean (for centring) and its map. Loaded after the corpus opens;
/// each part is `nil` with a reason when the corpus cannot have it (too few items, all
/// vectors alike), so the views say why instead of drawing NaN.
public struct CorpusSpace: Hashable, Sendable {
    public var corpusName: String
    public var itemCount: Int
    /// Pair scores with the model's similarity function.
    public var scores: ScoreDistribution?
    /// Pair cosines of the centred, renormalised vectors.
    public var centredScores: ScoreDistribution?
    /// The corpus mean (`nil` for an empty corpus).
    public var mean: [Float]?
    public var projection: CorpusProjection?
    /// Why there are no score percentiles, e.g. "one item: no pairs to compare".
    public var scoresUnavailableReason: String?
    /// Why there is no map, e.g. "every vector is the same: no variance to project".
    public var mapUnavailableReason: String?

    public init(corpusName: String, itemCount: Int, scores: ScoreDistribution? = nil,
                centredScores: ScoreDistribution? = nil, mean: [Float]? = nil, projection: CorpusProjection? = nil,
                scoresUnavailableReason: String? = nil, mapUnavailableReason: String? = nil) {
        self.corpusName = corpusName
        self.itemCount = itemCount
        self.scores = scores
        self.centredScores = centredScores
        self.mean = mean
        self.projection = projection
        self.scoresUnavailableReason = scoresUnavailableReason
        self.mapUnavailableReason = mapUnavailableReason
    }

    /// The distribution that scores of one mode belong to.
    public func distribution(centred: Bool) -> ScoreDistribution? {
        centred ? centredScores : scores
    }
}

/// Whether the open corpus's space is known yet.
public enum SpaceState: Hashable, Sendable {
    /// No corpus, or its statistics not asked for yet.
    case none
    case loading(String)
    case ready(CorpusSpace)
    case failed(corpus: String, message: String)

    public var space: CorpusSpace? {
        if case .ready(let space) = self { space } else { nil }
    }
}
