/// Counts scores in a million fine bins between known bounds, with their exact sum, extremes
/// and count: the quantile table of hundreds of millions of pair scores without storing or
/// sorting them. Quantiles are read within one bin's width (2e-6 for cosines).
struct ScoreHistogram {
    static let binCount = 1 << 20

    let lower: Double
    let upper: Double
    private(set) var counts: [UInt32]
    private(set) var count = 0
    private(set) var sum = 0.0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity
    private let scale: Double

    /// Bins over [lower, upper]; scores outside are counted in the end bins.
    init(lower: Double, upper: Double) {
        let upper = upper > lower ? upper : lower + 1
        self.lower = lower
        self.upper = upper
        counts = [UInt32](repeating: 0, count: Self.binCount)
        scale = Double(Self.binCount) / (upper - lower)
    }

    @inline(__always)
    mutating func add(_ score: Float) {
        sum += Double(score)
        tally(score)
    }

    /// Counts `score` (bin, count, extremes) without adding it to the sum: for callers that
    /// sum in an order of their own and give the total to `setSum(addingInOrder:)`.
    @inline(__always)
    mutating func tally(_ score: Float) {
        let value = Double(score)
        count += 1
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        let position = (value - lower) * scale
        let bin = position <= 0 ? 0 : (position >= Double(Self.binCount - 1) ? Self.binCount - 1 : Int(position))
        counts[bin] &+= 1
    }

    /// Adds another histogram of the same bounds.
    mutating func merge(_ other: ScoreHistogram) {
        count += other.count
        sum += other.sum
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for bin in 0 ..< Self.binCount { mine[bin] &+= theirs[bin] }
            }
        }
    }

    /// Replaces the running sum with `parts` added in their order. The running sum of merged
    /// histograms depends on which scores each held, and so on thread timing; callers that
    /// keep sums of fixed parts give them here for a mean that is the same on every run.
    mutating func setSum(addingInOrder parts: some Sequence<Double>) {
        sum = parts.reduce(0, +)
    }

    /// The summary: each table fraction f is order statistic f·(N−1), interpolated between
    /// neighbouring order statistics as numpy does, each order statistic placed evenly within
    /// its bin (and clamped to the exact extremes).
    func distribution(totalPairs: Int, seed: UInt64?) -> ScoreDistribution {
        guard count > 0 else {
            return ScoreDistribution(pairs: 0, totalPairs: totalPairs, seed: seed, mean: 0, minimum: 0, maximum: 0, quantiles: [])
        }
        let width = (upper - lower) / Double(Self.binCount)
        let counts = self.counts, lower = self.lower, minimum = self.minimum, maximum = self.maximum
        /// Walks the bins upward to a rank (ranks asked for must not decrease).
        struct Walker {
            var bin = 0, before = 0  // pairs in the bins before `bin`
            mutating func value(ofRank rank: Int, counts: [UInt32], lower: Double, width: Double) -> Double {
                while bin < ScoreHistogram.binCount - 1 && before + Int(counts[bin]) <= rank {
                    before += Int(counts[bin])
                    bin += 1
                }
                let inBin = max(1, Int(counts[bin]))
                return lower + (Double(bin) + (Double(rank - before) + 0.5) / Double(inBin)) * width
            }
        }
        // Both rank sequences only grow, so each walker passes every bin once.
        var walker = Walker(), ahead = Walker()
        var quantiles: [Float] = []
        quantiles.reserveCapacity(ScoreDistribution.fractions.count)
        for fraction in ScoreDistribution.fractions {
            let position = fraction * Double(count - 1)
            let below = min(count - 1, Int(position.rounded(.down)))
            let weight = position - Double(below)
            let low = walker.value(ofRank: below, counts: counts, lower: lower, width: width)
            let high = weight > 0 && below + 1 < count ? ahead.value(ofRank: below + 1, counts: counts, lower: lower, width: width) : low
            let value = low + weight * (high - low)
            quantiles.append(Float(min(maximum, max(minimum, value))))
        }
        if let first = quantiles.indices.first { quantiles[first] = Float(minimum) }
        if let last = quantiles.indices.last { quantiles[last] = Float(maximum) }
        // Float rounding must not make the table decrease.
        for index in quantiles.indices.dropFirst() where quantiles[index] < quantiles[index - 1] {
            quantiles[index] = quantiles[index - 1]
        }
        return ScoreDistribution(pairs: count, totalPairs: totalPairs, seed: seed, mean: sum / Double(count),
                                 minimum: minimum, maximum: maximum, quantiles: quantiles)
    }
}
