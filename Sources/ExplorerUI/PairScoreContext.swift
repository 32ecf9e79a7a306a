/// Where one score falls among all of a corpus's pair scores: the explorer's score context
/// ("0.628  top 0.4%"). The engine builds it from the corpus statistics the cache holds and
/// hands over their percentile lookup; the views only ask it and word the answer.
public struct PairScoreContext: Hashable, Sendable {
    /// What the lookup describes (corpus, model, raw or centred): equal identities give equal
    /// answers, so states compare without calling the lookup.
    public let identity: String
    /// Pairs the figures come from (every distinct pair, or the sample).
    public let pairCount: Int
    /// Whether the pairs were a uniform random sample rather than all distinct pairs.
    public let isSampled: Bool
    /// Items the pairs were drawn among when that is a sample of the corpus's rows (a large
    /// corpus), else nil.
    public let sampledItems: Int?
    /// The score's short name ("cos", "dot", …): a score of another function has no place here.
    public let similarityLabel: String
    /// The median pair score (what a typical, unrelated pair scores in this corpus).
    public let median: Float
    private let lookup: @Sendable (Float) -> Double?

    /// `percentBelow` answers with the percent of the pairs scoring below a score (0–100),
    /// `nil` when it cannot.
    public init(identity: String, pairCount: Int, isSampled: Bool, sampledItems: Int? = nil, similarityLabel: String,
                median: Float, percentBelow: @escaping @Sendable (Float) -> Double?) {
        self.identity = identity
        self.pairCount = pairCount
        self.isSampled = isSampled
        self.sampledItems = sampledItems
        self.similarityLabel = similarityLabel
        self.median = median
        lookup = percentBelow
    }

    /// Percent of pairs scoring below `score` (0–100); `nil` for a non-finite score or answer.
    public func percentBelow(_ score: Float) -> Double? {
        guard score.isFinite, let below = lookup(score), below.isFinite else { return nil }
        return min(100, max(0, below))
    }

    /// "top 0.4%", "top 12%", "bottom 3.0%" (`nil` when there is no percentile).
    public func context(of score: Float) -> String? {
        percentBelow(score).map(Self.context(percentBelow:))
    }

    /// The share of pairs at or above the score when that is under half ("top"), else the
    /// share below ("bottom"), in as few characters as keep it honest.
    public static func context(percentBelow below: Double) -> String {
        let top = 100 - below
        if top < 50 { return "top " + percent(top) }
        return "bottom " + percent(below)
    }

    /// A percentage with one decimal under 10 (never "0.0%": "<0.1%"), whole above.
    public static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "?%" }
        if value < 0.05 { return "<0.1%" }
        if value < 9.95 {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        return "\(Int(value.rounded()))%"
    }

    public static func == (a: PairScoreContext, b: PairScoreContext) -> Bool {
        a.identity == b.identity && a.pairCount == b.pairCount && a.isSampled == b.isSampled && a.sampledItems == b.sampledItems
            && a.similarityLabel == b.similarityLabel && a.median == b.median
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(pairCount)
    }
}
