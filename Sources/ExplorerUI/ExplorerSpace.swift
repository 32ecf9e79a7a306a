/// What the explorer knows about the open corpus's space: where scores fall among its pairs
/// (raw and centred), how to centre a vector, and its map. Loaded after the corpus opens;
/// each part is `nil` with a reason when the corpus cannot have it (too few items, all
/// vectors alike), so the views say why instead of drawing NaN.
public struct ExplorerSpace: Hashable, Sendable {
    public var corpusName: String
    public var itemCount: Int
    /// Pair scores with the model's similarity function.
    public var scores: PairScoreContext?
    /// Pair scores of the centred, renormalised vectors.
    public var centredScores: PairScoreContext?
    /// Centring: a vector minus the corpus mean, renormalised (`nil`: no mean, e.g. empty).
    public var centring: VectorCentring?
    public var projection: CorpusProjection?
    /// Why there are no score percentiles, e.g. "one item: no pairs to compare".
    public var scoresUnavailableReason: String?
    /// Why there is no map, e.g. "every vector is the same: no variance to project".
    public var mapUnavailableReason: String?

    public init(corpusName: String, itemCount: Int, scores: PairScoreContext? = nil,
                centredScores: PairScoreContext? = nil, centring: VectorCentring? = nil,
                projection: CorpusProjection? = nil, scoresUnavailableReason: String? = nil,
                mapUnavailableReason: String? = nil) {
        self.corpusName = corpusName
        self.itemCount = itemCount
        self.scores = scores
        self.centredScores = centredScores
        self.centring = centring
        self.projection = projection
        self.scoresUnavailableReason = scoresUnavailableReason
        self.mapUnavailableReason = mapUnavailableReason
    }

    /// The context that scores of one mode belong to.
    public func context(centred: Bool) -> PairScoreContext? {
        centred ? centredScores : scores
    }
}

/// The statistics library's centring, handed to the views (the matrix centres pins with it).
public struct VectorCentring: Hashable, Sendable {
    public let identity: String
    private let centre: @Sendable ([Float]) -> [Float]?

    public init(identity: String, centre: @escaping @Sendable ([Float]) -> [Float]?) {
        self.identity = identity
        self.centre = centre
    }

    /// `vector` centred and renormalised; `nil` for a vector centring does not take.
    public func centred(_ vector: [Float]) -> [Float]? { centre(vector) }

    public static func == (a: VectorCentring, b: VectorCentring) -> Bool { a.identity == b.identity }
    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}

/// Whether the open corpus's space is known yet.
public enum SpaceState: Hashable, Sendable {
    /// No corpus, or its statistics not asked for yet.
    case none
    case loading(String)
    case ready(ExplorerSpace)
    case failed(corpus: String, message: String)

    public var space: ExplorerSpace? {
        if case .ready(let space) = self { space } else { nil }
    }
}
