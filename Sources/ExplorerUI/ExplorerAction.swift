import Teaching

/// Everything that can happen to the explorer: keys, resizes and background results.
public enum ExplorerAction: Hashable, Sendable {
    case key(KeyEvent)
    case resize(GridSize)
    case analysisFinished(InputReport)
    case analysisFailed(generation: Int, message: String)
    case indexingProgressed(IndexingProgress)
    case corpusOpened(CorpusInfo)
    case corpusFailed(name: String, message: String)
    /// A sentence pinned before its vector was known has been encoded.
    case pinEncoded(pinID: Int, vector: [Float])
    case pinFailed(pinID: Int, message: String)
    case corporaListed([CorpusInfo])
    case corporaListFailed(String)
    /// A message to show in the status line (e.g. a theme file that did not parse).
    case notify(StatusMessage)
    /// The process was continued after a suspend (Ctrl-Z, SIGTSTP): the screen was redrawn.
    case resumed
    /// Pins and input history saved by an earlier run (they replace the current ones), and
    /// how the MNRL view paired them.
    case restoreSession(pins: [String], history: [String], message: StatusMessage?, pairing: MNRLPairing = MNRLPairing())
    /// A signal or a lost terminal ends the session (the draft is kept in the history).
    case terminated
    /// The open corpus's statistics and map are known (`nil`: the engine keeps none).
    case spaceLoaded(corpus: String, space: ExplorerSpace?)
    case spaceFailed(corpus: String, message: String)
    /// The layers view's walk of a pair is ready, or failed.
    case layerWalkFinished(LayerWalkPair, LayerWalk)
    case layerWalkFailed(LayerWalkPair, message: String)
    /// Step-through's pipeline walk of a text is ready, or failed.
    case pipelineWalkFinished(text: String, PipelineWalk)
    case pipelineWalkFailed(text: String, message: String)
    /// "Train on pinned pairs": a step done, the run over (the copy in use), or not.
    case trainingProgressed(PinTrainingProgress)
    case trainingFinished(PinTrainingOutcome)
    case trainingFailed(message: String, wasCancelled: Bool)
    /// `W` wrote the trained copy, or could not.
    case trainedCopySaved(path: String)
    case trainedCopySaveFailed(path: String, message: String)
}

/// A pinned sentence's vector, sent to the worker so it can compute shares toward it.
public struct ShareTargetVector: Hashable, Sendable {
    public var pinID: Int
    public var vector: [Float]
    /// The pin's text, for a second model (`--against`) to encode.
    public var text: String?

    public init(pinID: Int, vector: [Float], text: String? = nil) {
        self.pinID = pinID
        self.vector = vector
        self.text = text
    }
}

/// Work the reducer asks for: the session runs it off the UI thread.
public enum ExplorerEffect: Hashable, Sendable {
    /// Encode `text`, search neighbours (when `neighbourCount > 0`), compute shares.
    /// `centred`: rank by centred scores, and also report the raw top-k to compare.
    case analyse(generation: Int, text: String, neighbourCount: Int, pinned: [ShareTargetVector],
                 centred: Bool = false)
    /// The input became empty: any queued analysis is obsolete.
    case cancelAnalysis
    /// Encode a pinned sentence (never dropped as stale, unlike `analyse`).
    case encodePin(pinID: Int, text: String)
    case openCorpus(String)
    case listCorpora
    /// Load (or compute and cache) the open corpus's statistics and map.
    case loadSpace(String)
    /// The layers view: walk two sentences through every layer.
    case walkLayers(LayerWalkPair)
    /// Step-through: walk a text through the pipeline (scored toward `other` at the end).
    case walkPipeline(text: String, other: String?)
    /// Train a copy of the model on pinned pairs; cancel that run; write the trained copy.
    case trainPinnedPairs(PinTrainingRequest)
    case cancelTraining
    case saveTrainedCopy(path: String)
}
