import Teaching
import VectorArithmetic

/// How pinned sentences become (anchor, positive) pairs for the MNRL view: in order, 1↔2,
/// 3↔4, …; `swapped` makes the second of each two the anchor; `shift` re-pairs every anchor
/// with the positive `shift` pairs further on (wrong pairs on purpose: watch the loss climb).
/// Pins themselves never move.
public struct MNRLPairing: Hashable, Sendable {
    public var swapped = false
    public var shift = 0

    public init(swapped: Bool = false, shift: Int = 0) {
        self.swapped = swapped
        self.shift = shift
    }
}

/// What the MNRL view shows for a state: pairs of pins, the batch's loss when every vector
/// is known, and why not otherwise. Plain values: exports can write them as they are.
public struct MNRLPane: Hashable, Sendable {
    public struct Pair: Hashable, Sendable {
        /// Pin numbers as the matrix shows them (1-based).
        public var anchorLabel: String
        public var positiveLabel: String
        public var anchor: String
        public var positive: String
    }

    public let pairs: [Pair]
    /// The last pin's label when the count is odd: it waits for its pair.
    public let waitingLabel: String?
    /// The batch, when there is a pair and every paired vector is known.
    public let batch: MNRLBatch?
    /// Some paired pin is still being encoded.
    public let isEncoding: Bool
    /// The similarity function the scores are of (sentence-transformers' name).
    public let similarityName: String
    public let pairing: MNRLPairing

    public init(state: ExplorerState, scale: Double = MultipleNegativesRankingLoss.defaultScale) {
        let pins = state.pinned
        let pairCount = pins.count / 2
        pairing = state.mnrlPairing
        similarityName = state.similarityName
        waitingLabel = pins.count % 2 == 1 ? "\(pins.count)" : nil
        let shift = pairCount > 0 ? ((state.mnrlPairing.shift % pairCount) + pairCount) % pairCount : 0
        var anchors: [(label: String, pin: PinnedSentence)] = []
        var positives: [(label: String, pin: PinnedSentence)] = []
        for k in 0..<pairCount {
            var first = (label: "\(2 * k + 1)", pin: pins[2 * k]), second = (label: "\(2 * k + 2)", pin: pins[2 * k + 1])
            if state.mnrlPairing.swapped { swap(&first, &second) }
            anchors.append(first)
            positives.append(second)
        }
        positives = (0..<pairCount).map { positives[($0 + shift) % pairCount] }
        pairs = zip(anchors, positives).map {
            Pair(anchorLabel: $0.label, positiveLabel: $1.label, anchor: $0.pin.text, positive: $1.pin.text)
        }
        let anchorVectors = anchors.compactMap(\.pin.vector), positiveVectors = positives.compactMap(\.pin.vector)
        isEncoding = anchorVectors.count < pairCount || positiveVectors.count < pairCount
        let similarity = state.similarityName
        if pairCount > 0, !isEncoding {
            let scores = anchorVectors.map { a in positiveVectors.map { p in Self.score(a, p, similarity: similarity) } }
            batch = try? MultipleNegativesRankingLoss(scale: scale).forward(scores: scores)
        } else {
            batch = nil
        }
    }

    /// The model's similarity function by its sentence-transformers name (cosine unless the
    /// model says otherwise), from VectorMath's one definition of each.
    public static func score(_ a: [Float], _ b: [Float], similarity: String) -> Double {
        switch similarity {
        case "dot": VectorMath.dot(a, b)
        case "euclidean": -VectorMath.euclideanDistance(a, b)
        case "manhattan": -VectorMath.manhattanDistance(a, b)
        default: VectorMath.cosine(a, b)
        }
    }
}
