/// "Train on pinned pairs" (issue 17, `T`): a few MultipleNegativesRankingLoss steps on the
/// pinned (anchor, positive) pairs, run by the engine on a copy of the model off the UI
/// thread; the copy then encodes the input, the pins and the corpus until the explorer ends,
/// and is gone unless `W` writes it out. Plain values: the engine's side is behind
/// `ExplorerEngine.trainCopy`.
public struct PinTrainingRequest: Hashable, Sendable {
    /// The pairs as the MNRL view pairs them (swaps and re-pairing included).
    public var pairs: [PinPair]
    public var steps: Int
    public var learningRate: Double

    /// The explorer's recipe: enough steps to see the loss fall during a lesson, a learning
    /// rate above fit()'s 2e-5 so a handful of steps move the vectors visibly. No warm-up,
    /// no dropout, no shuffling: the same pins always train the same copy.
    public static let defaultSteps = 8
    public static let defaultLearningRate = 1e-4

    public init(pairs: [PinPair], steps: Int = PinTrainingRequest.defaultSteps,
                learningRate: Double = PinTrainingRequest.defaultLearningRate) {
        self.pairs = pairs
        self.steps = steps
        self.learningRate = learningRate
    }
}

/// One (anchor, positive) pair of pinned texts.
public struct PinPair: Hashable, Sendable {
    public var anchor: String
    public var positive: String

    public init(anchor: String, positive: String) {
        self.anchor = anchor
        self.positive = positive
    }
}

/// How far a training run has come (reported after every step, then while the corpus is
/// encoded again with the trained copy).
public struct PinTrainingProgress: Hashable, Sendable {
    public enum Phase: Hashable, Sendable {
        /// Optimizer steps done of `total`; `loss` is the last step's batch loss.
        case training(step: Int, total: Int, loss: Double)
        /// Corpus items encoded again with the trained copy.
        case encodingCorpus(done: Int, total: Int)
    }

    public var phase: Phase
    /// The pinned texts' vectors under the copy after this step (empty while encoding the
    /// corpus): the MNRL view and the matrix follow the training live.
    public var vectors: [String: [Float]]

    public init(phase: Phase, vectors: [String: [Float]] = [:]) {
        self.phase = phase
        self.vectors = vectors
    }
}

/// What a finished run did.
public struct PinTrainingOutcome: Hashable, Sendable {
    public var steps: Int
    public var pairs: Int
    /// The batch loss of the first step (the weights before training) and of the last one.
    public var firstLoss: Double
    public var lastLoss: Double
    /// The base model's name (what `--against` compares the saved copy with).
    public var baseModel: String

    public init(steps: Int, pairs: Int, firstLoss: Double, lastLoss: Double, baseModel: String) {
        self.steps = steps
        self.pairs = pairs
        self.firstLoss = firstLoss
        self.lastLoss = lastLoss
        self.baseModel = baseModel
    }
}

/// The explorer's side of it: nothing, a run (cancellable), or a trained copy in use.
public enum PinTrainingState: Hashable, Sendable {
    case idle
    case running(PinTrainingProgress?, isCancelling: Bool)
    /// The copy encodes everything now; `totalSteps` over every run since the base model.
    case trained(PinTrainingOutcome, totalSteps: Int)

    public var isRunning: Bool {
        if case .running = self { true } else { false }
    }

    public var outcome: PinTrainingOutcome? {
        if case .trained(let outcome, _) = self { outcome } else { nil }
    }
}
