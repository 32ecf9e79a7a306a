import Teaching

/// What the lower-right pane (the tokens pane's place) shows: the tokens, or one of the
/// teaching views (issue 16) — so the layout and Tab order stay as they are.
public enum LowerView: Hashable, Sendable {
    case tokens
    /// Pins paired as (anchor, positive) and their MultipleNegativesRankingLoss.
    case mnrl
    /// The selected matrix pair's pooled cosine after every layer.
    case layers
}

/// Two sentences the layers view walks: the selected matrix cell's.
public struct LayerWalkPair: Hashable, Sendable {
    /// Matrix labels ("1", "▸").
    public var labelA: String
    public var labelB: String
    public var a: String
    public var b: String
    /// The layer whose token shares are asked for (`[`/`]`); nil: the last layer.
    public var shareLayer: Int?

    public init(labelA: String, labelB: String, a: String, b: String, shareLayer: Int? = nil) {
        self.labelA = labelA
        self.labelB = labelB
        self.a = a
        self.b = b
        self.shareLayer = shareLayer
    }
}

/// The layers view: the pair asked for, and the walk once the worker has it.
public struct LayerWalkState: Hashable, Sendable {
    public var pair: LayerWalkPair
    public var walk: LayerWalk?
    public var error: String?

    public init(pair: LayerWalkPair, walk: LayerWalk? = nil, error: String? = nil) {
        self.pair = pair
        self.walk = walk
        self.error = error
    }
}

/// Step-through mode: the input frozen, walked through the pipeline one screen per step.
public struct StepThroughState: Hashable, Sendable {
    public enum Step: Int, CaseIterable, Hashable, Sendable {
        case text, normalized, preTokens, wordpieces, layers, pooling, normalization, score

        public var title: String {
            switch self {
            case .text: "Text"
            case .normalized: "Normalised text"
            case .preTokens: "Pre-tokens"
            case .wordpieces: "Wordpieces and ids"
            case .layers: "Token norms, layer by layer"
            case .pooling: "Pooling"
            case .normalization: "Normalisation"
            case .score: "The score"
            }
        }
    }

    /// The frozen text.
    public var text: String
    /// What the last step scores it against (the first pin, else the selected neighbour).
    public var other: String?
    public var step: Step = .text
    public var walk: PipelineWalk?
    public var error: String?
    public var scroll = 0

    public init(text: String, other: String?) {
        self.text = text
        self.other = other
    }
}
