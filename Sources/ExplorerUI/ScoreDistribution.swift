/// Where one score falls among all of a corpus's pair scores: the explorer's score context
/// ("0.628  top 0.4%"). Built by the engine from the statistics the corpus's cache holds;
/// the views only look scores up in it.
public struct ScoreDistribution: Hashable, Sendable {
    /// Pair scores at evenly spaced ranks, ascending: `quantiles[i]` is the score below
    /// which `i / (count - 1)` of the pairs fall (the first is the lowest pair, the last
    /// the highest).
    public let quantiles: [Float]
    /// Pairs the quantiles were taken from.
    public let pairCount: Int
    /// Whether the pairs were a uniform random sample rather than all distinct pairs.
    public let isSampled: Bool
    /// The score's short name ("cos", "dot", …): a score of another function has no place here.
    public let similarityLabel: String

    /// `nil` without two finite ascending quantiles (an empty or one-item corpus has no pairs).
    public init?(quantiles: [Float], pairCount: Int, isSampled: Bool, similarityLabel: String) {
        guard quantiles.count >= 2, pairCount > 0, quantiles.allSatisfy(\.isFinite),
              zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        self.quantiles = quantiles
        self.pairCount = pairCount
        self.isSampled = isSampled
        self.similarityLabel = similarityLabel
    }

    /// Percent of pairs scoring below `score` (0–100), interpolated between quantiles;
    /// `nil` for a non-finite score.
    public func percentBelow(_ score: Float) -> Double? {
        guard score.isFinite else { return nil }
        let last = quantiles.count - 1
        if score <= quantiles[0] { return 0 }
        if score >= quantiles[last] { return 100 }
        // The first quantile above the score (binary search: tables may hold thousands).
        var low = 0, high = last
        while high - low > 1 {
            let middle = (low + high) / 2
            if quantiles[middle] < score { low = middle } else { high = middle }
        }
        // Ties span several quantiles: the score is above all of `low` and below `high`.
        let a = Double(quantiles[low]), b = Double(quantiles[high])
        let within = b > a ? (Double(score) - a) / (b - a) : 0
        return 100 * (Double(low) + within) / Double(last)
    }

    /// The median pair score (what a typical, unrelated pair scores in this corpus).
    public var median: Float { score(atPercent: 50) }

    /// The score below which `percent` of pairs fall.
    public func score(atPercent percent: Double) -> Float {
        let last = quantiles.count - 1
        let position = max(0, min(Double(last), percent / 100 * Double(last)))
        let low = Int(position.rounded(.down)), high = min(last, low + 1)
        let within = Float(position - Double(low))
        return quantiles[low] + (quantiles[high] - quantiles[low]) * within
    }

    /// "top 0.4%", "top 12%", "bottom 3%": the share of pairs at or above the score, in as
    /// few characters as keep it honest (a score above every pair is "top <0.1%").
    public func context(of score: Float) -> String? {
        guard let below = percentBelow(score) else { return nil }
        return Self.context(percentBelow: below)
    }

    public static func context(percentBelow below: Double) -> String {
        let top = 100 - below
        if top < 50 { return "top " + percent(top) }
        return "bottom " + percent(below)
    }

    /// A percentage with one decimal under 10 (never "0.0%": "<0.1%"), whole above.
    static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "?%" }
        if value < 0.05 { return "<0.1%" }
        if value < 9.95 {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        return "\(Int(value.rounded()))%"
    }
}
