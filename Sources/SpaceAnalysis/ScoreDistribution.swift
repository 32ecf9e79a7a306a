/// How a corpus's pair scores are distributed: their mean, extremes and a fine quantile
/// table (about 6,000 values, finer in the tails where search results fall), from which any
/// score's percentile is read in O(log n).
///
/// The figures come from every distinct pair (`isExact`) or from a uniform sample of them
/// (`pairs` of `totalPairs`, drawn with `seed`).
public struct ScoreDistribution: Sendable, Equatable {
    /// Pairs the figures come from: every distinct pair, or the sample.
    public let pairs: Int
    /// Distinct pairs of the corpus: n(n-1)/2.
    public let totalPairs: Int
    /// The sample's seed; nil when every pair was scored.
    public let seed: UInt64?
    /// Mean score over the pairs (accumulated in Double).
    public let mean: Double
    public let minimum: Double
    public let maximum: Double
    /// Score at each fraction of `ScoreDistribution.fractions` (numpy's linear quantile),
    /// non-decreasing; empty when there are no pairs.
    public let quantiles: [Float]

    public init(pairs: Int, totalPairs: Int, seed: UInt64?, mean: Double, minimum: Double, maximum: Double, quantiles: [Float]) {
        self.pairs = pairs
        self.totalPairs = totalPairs
        self.seed = seed
        self.mean = mean
        self.minimum = minimum
        self.maximum = maximum
        self.quantiles = quantiles
    }

    /// Whether every distinct pair was scored (not a sample).
    public var isExact: Bool { seed == nil }

    /// Whether there is anything to report (a corpus of two items or more).
    public var hasPairs: Bool { pairs > 0 && quantiles.count == Self.fractions.count }

    /// The percentiles `inspect` reports.
    public static let reportedPercentiles: [Int] = [1, 5, 25, 50, 75, 95, 99]

    /// Percent of the pairs scoring below `score` (0–100); nil when there are no pairs.
    public func percentile(of score: Double) -> Double? {
        guard hasPairs, !score.isNaN else { return nil }
        if score <= Double(quantiles[0]) { return 0 }
        if score > maximum { return 100 }
        // The first table entry at or above the score; below it, interpolate in rank.
        var low = 0, high = quantiles.count - 1
        if Double(quantiles[high]) < score { return 100 }
        while low < high {
            let middle = (low + high) / 2
            if Double(quantiles[middle]) < score { low = middle + 1 } else { high = middle }
        }
        let upperValue = Double(quantiles[low]), lowerValue = Double(quantiles[low - 1])
        let upperFraction = Self.fractions[low], lowerFraction = Self.fractions[low - 1]
        let fraction = upperValue > lowerValue
            ? lowerFraction + (score - lowerValue) / (upperValue - lowerValue) * (upperFraction - lowerFraction)
            : lowerFraction
        // A fraction f of the table is order statistic f·(N−1): that many pairs lie below it.
        let below = fraction * Double(max(pairs - 1, 0)) / Double(pairs)
        return min(100, max(0, 100 * below))
    }

    /// The score at `percent` (0–100) as numpy's `percentile` (linear) gives it; nil when
    /// there are no pairs.
    public func score(atPercentile percent: Double) -> Double? {
        guard hasPairs, !percent.isNaN else { return nil }
        let fraction = min(1, max(0, percent / 100))
        var low = 0, high = Self.fractions.count - 1
        while low < high {
            let middle = (low + high) / 2
            if Self.fractions[middle] < fraction { low = middle + 1 } else { high = middle }
        }
        if low == 0 || Self.fractions[low] == fraction { return Double(quantiles[low]) }
        let f0 = Self.fractions[low - 1], f1 = Self.fractions[low]
        let v0 = Double(quantiles[low - 1]), v1 = Double(quantiles[low])
        return v0 + (fraction - f0) / (f1 - f0) * (v1 - v0)
    }

    /// The fractions of the quantile table: steps of 1e-5 in the lowest and highest percent,
    /// 2.5e-4 between, so a percentile read from it is within 0.03 points, and within 0.001
    /// points in the tails.
    public static let fractions: [Double] = {
        var grid: [Double] = (0 ... 1000).map { Double($0) * 1e-5 }
        grid += (1 ... 3919).map { 0.01 + Double($0) * 2.5e-4 }
        grid += (0 ... 1000).map { 0.99 + Double($0) * 1e-5 }
        return grid
    }()
}
