/// The panes focus can move between, in Tab order.
public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case input, neighbours, matrix, tokens
    /// The corpus map: in the Tab order only while shown (`m`, F2).
    case map

    public var title: String {
        switch self {
        case .input: "Input"
        case .neighbours: "Neighbours"
        case .matrix: "Matrix"
        case .tokens: "Tokens"
        case .map: "Map"
        }
    }
}

/// A sentence the user pinned to the matrix.
public struct PinnedSentence: Hashable, Sendable {
    /// Stable across unpinning others, so worker results can be matched.
    public var id: Int
    public var text: String
    /// `[hidden]`; `nil` while the worker is still encoding it.
    public var vector: [Float]?

    public init(id: Int, text: String, vector: [Float]?) {
        self.id = id
        self.text = text
        self.vector = vector
    }
}

/// What the token pane explains: the selection of the pane last used.
public enum ShareTarget: Hashable, Sendable {
    /// The selected neighbour.
    case neighbour
    /// The selected matrix cell (resolved from `matrixRow`/`matrixColumn` when drawn, so it
    /// never lags behind the cursor).
    case matrixCell
}

/// Which neighbour is selected, by item rather than rank, so the selection can follow it
/// while the input (and so the ranking) changes.
public struct NeighbourIdentity: Hashable, Sendable {
    public var id: String?
    public var text: String

    public init(_ item: NeighbourItem) {
        id = item.id
        text = item.text
    }

    public func matches(_ item: NeighbourItem) -> Bool {
        item.id == id && item.text == text  // ids alone may repeat across corpora
    }
}

/// A window drawn over the panes.
public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case fullText(title: String, text: String, scroll: Int)
    /// `corpora` is `nil` while the list is loading: the overlay opens (and takes every key)
    /// as soon as `c` is pressed, not when the list arrives. Keys typed while it loads wait
    /// in `typedAhead` (at most `maximumTypedAhead`) and act when the list arrives, so a
    /// fast `c j Enter` opens the second corpus instead of losing `j` and Enter.
    case corpusPicker(corpora: [CorpusInfo]?, selection: Int, typedAhead: [KeyEvent] = [])

    /// Most keys the loading corpus picker keeps (more are dropped: nobody types that far
    /// ahead on purpose, and a stuck list must not grow the state without end).
    public static let maximumTypedAhead = 64
}

/// The state of the vector cache / open corpus, for the status line and the neighbours pane.
public enum CacheState: Hashable, Sendable {
    case noCorpus
    case opening(String)
    case indexing(IndexingProgress)
    case ready
    case failed(String)
}

/// A line for the status bar; errors show there instead of crashing.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }
}

/// Everything the background worker found for one input text.
public struct InputReport: Hashable, Sendable {
    /// The request this answers; older results are dropped.
    public var generation: Int
    public var analysis: SentenceAnalysis
    public var encodeMilliseconds: Double
    public var neighbours: [NeighbourItem]
    /// Token shares toward each neighbour, `[neighbours][modelTokens]`.
    public var neighbourShares: [[Float]]
    /// Token shares toward each pinned sentence, by pin id.
    public var pinnedShares: [Int: [Float]]
    /// Why neighbours are missing, when a search failed.
    public var neighbourError: String?
    /// Whether the neighbours were ranked by centred scores (corpus mean subtracted).
    public var isCentred: Bool = false
    /// With centring: the top-k by the raw scores, to mark what moved in or out.
    public var uncentredNeighbours: [NeighbourItem]? = nil
    /// `explore --against B`: the second model's neighbours and vectors.
    public var secondModel: SecondModelReport?

    public init(generation: Int, analysis: SentenceAnalysis, encodeMilliseconds: Double,
                neighbours: [NeighbourItem] = [], neighbourShares: [[Float]] = [],
                pinnedShares: [Int: [Float]] = [:], neighbourError: String? = nil,
                isCentred: Bool = false, uncentredNeighbours: [NeighbourItem]? = nil,
                secondModel: SecondModelReport? = nil) {
        self.secondModel = secondModel
        self.generation = generation
        self.analysis = analysis
        self.encodeMilliseconds = encodeMilliseconds
        self.neighbours = neighbours
        self.neighbourShares = neighbourShares
        self.pinnedShares = pinnedShares
        self.neighbourError = neighbourError
        self.isCentred = isCentred
        self.uncentredNeighbours = uncentredNeighbours
    }
}

/// The whole explorer as a value: the reducer changes it, views draw it.
public struct ExplorerState: Hashable, Sendable {
    public var size: GridSize
    public var editor = LineEditor()
    public var history = InputHistory()
    public var focus: Pane = .input
    public var overlay: Overlay? = nil

    /// The newest worker result that was applied (it may describe an older text while
    /// the worker catches up).
    public var report: InputReport? = nil
    public var requestedGeneration = 0
    public var appliedGeneration = 0

    public var pinned: [PinnedSentence] = []
    public var nextPinID = 1
    public var neighbourSelection = 0
    /// The item the selection is on, followed when a new result reorders the list.
    public var followedNeighbour: NeighbourIdentity? = nil
    public var neighbourScroll = 0
    public var matrixRow = 0
    public var matrixColumn = 0
    public var shareTarget: ShareTarget = .neighbour
    public var showsShareValues = false
    public var showsWordpieces = false
    public var tokensScroll = 0

    public var themeNames: [String]
    public var themeIndex = 0
    /// Why colours are off (`NO_COLOR`, …): themes then change nothing on screen.
    public var noColourReason: String? = nil

    public var modelDescription: String
    /// The model family, prompt and similarity function, for the status line.
    public var modelDetails: [String] = []
    /// The neighbours' score in headers: "cos" unless the model scores otherwise.
    public var similarityLabel = "cos"
    /// Shown beside the shares when they are not exact shares of the score (see `ExplorerEngine.shareNote`).
    public var shareNote: String? = nil
    public var corpusName: String?
    public var corpus: CorpusInfo? = nil
    public var cacheState: CacheState = .noCorpus
    public var lastEncodeMilliseconds: Double? = nil
    public var message: StatusMessage? = nil
    /// How many neighbours to ask for.
    public var neighbourCount: Int
    public var isFinished = false
    /// Why the session finished: Ctrl-C ends like SIGINT (exit status 130).
    public var isInterrupted = false
    /// Ctrl-Z was pressed: the terminal backend suspends the process, then sends `.resumed`.
    public var isSuspendRequested = false
    /// `D` was pressed once: a second `D` clears pins and history.
    public var isClearPending = false
    /// Exports asked for with `e`; the session writes one for each it has not written.
    public var exportRequests = 0

    // Teaching views (issue 16).
    /// What the tokens pane's place shows (`L` MNRL, `Y` layers).
    public var lowerView: LowerView = .tokens
    /// How pins pair up for the MNRL view.
    public var mnrlPairing = MNRLPairing()
    /// The model's similarity function, sentence-transformers' name ("cosine", "dot", …).
    public var similarityName = "cosine"
    /// The layers view's pair and walk (while it is shown).
    public var layerWalk: LayerWalkState? = nil
    /// The layer the layers view takes token shares at (`[`/`]`); nil: the last layer.
    public var layerShareChoice: Int? = nil
    /// "Train on pinned pairs" (`T`): the run, or the trained copy in use; what it was before
    /// the run (a failed or cancelled run goes back to it); `W` presses to serve.
    public var training: PinTrainingState = .idle
    public var trainingBeforeRun: PinTrainingState = .idle
    public var trainedCopySaveRequests = 0
    /// Where `e` and `W` write (said on screen); nil: nowhere.
    public var saveDirectory: String? = nil
    /// Step-through mode (`S`): while set it takes every key.
    public var stepThrough: StepThroughState? = nil

    /// The corpus map pane is shown (`m`, F2).
    public var showsMap = false
    public var mapViewport = MapViewport()
    /// Scores are taken after subtracting the corpus mean and renormalising (`C`, F3, `--centre`).
    public var isCentred = false
    /// The open corpus's score distribution, mean and map.
    public var space: SpaceState = .none

    public init(size: GridSize, modelDescription: String, corpusName: String? = nil,
                themeNames: [String] = ["dark"], themeIndex: Int = 0, neighbourCount: Int = 30) {
        self.size = size
        self.modelDescription = modelDescription
        self.corpusName = corpusName
        self.themeNames = themeNames.isEmpty ? ["dark"] : themeNames
        self.themeIndex = min(max(0, themeIndex), max(0, themeNames.count - 1))
        self.neighbourCount = max(1, neighbourCount)
    }

    /// Whether the input holds something to encode: whitespace alone counts as empty, so it
    /// is never encoded, pinned or recorded in the history.
    public var hasInput: Bool { !InputText.isBlank(editor.text) }

    /// The analysis on screen, if the input is not empty.
    public var analysis: SentenceAnalysis? { hasInput ? report?.analysis : nil }

    /// Neighbours on screen (none while the input is empty).
    public var neighbours: [NeighbourItem] { hasInput ? (report?.neighbours ?? []) : [] }

    /// Whether the worker is still busy with the text on screen.
    public var isEncoding: Bool { appliedGeneration < requestedGeneration }

    public var themeName: String { themeNames[min(max(0, themeIndex), themeNames.count - 1)] }
}
