/// One training example: an anchor, its positive, and optionally a hard negative (the
/// third column), as MultipleNegativesRankingLoss takes them.
public struct TrainingPair: Sendable, Equatable {
    public let anchor: String
    public let positive: String
    public let negative: String?

    public init(anchor: String, positive: String, negative: String? = nil) {
        self.anchor = anchor
        self.positive = positive
        self.negative = negative
    }
}
