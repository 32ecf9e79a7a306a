/// One batch's MultipleNegativesRankingLoss, as plain values a view or an export can show.
public struct MNRLBatch: Sendable, Hashable {
    /// The factor the similarity scores were multiplied by.
    public let scale: Double
    /// One row per anchor, in batch order.
    public let rows: [MNRLRow]
    /// The batch's loss: the mean of the rows' losses.
    public let loss: Double
    /// Where this batch starts in the whole list of pairs (0 for a single batch).
    public internal(set) var firstPairIndex: Int = 0

    public init(scale: Double, rows: [MNRLRow], loss: Double, firstPairIndex: Int = 0) {
        self.scale = scale
        self.rows = rows
        self.loss = loss
        self.firstPairIndex = firstPairIndex
    }

    /// A batch of one pair has no negatives: its softmax is 1 and its loss 0 whatever the
    /// vectors, so the number teaches nothing.
    public var isTrivial: Bool { rows.count < 2 }

    /// The scaled score matrix `[anchor][positive]`.
    public var scaledScores: [[Double]] { rows.map(\.scaledScores) }
}

/// Anchor i of a batch against every positive of the batch.
public struct MNRLRow: Sendable, Hashable {
    /// The anchor's index in the batch; its own positive is the column with the same index.
    public let anchorIndex: Int
    /// The similarity to each positive times the scale (the softmax's logits).
    public let scaledScores: [Double]
    /// The row's softmax: the probability the model gives each positive.
    public let probabilities: [Double]
    /// Cross-entropy with the right positive: −log(probabilities[anchorIndex]).
    public let loss: Double
    /// The column of the highest-scoring wrong positive; nil in a batch of one.
    public let hardestNegative: Int?

    public init(anchorIndex: Int, scaledScores: [Double], probabilities: [Double], loss: Double, hardestNegative: Int?) {
        self.anchorIndex = anchorIndex
        self.scaledScores = scaledScores
        self.probabilities = probabilities
        self.loss = loss
        self.hardestNegative = hardestNegative
    }

    /// The probability of the right positive.
    public var pPositive: Double { probabilities[anchorIndex] }
}
