/// Correlation coefficients for evaluations (STS: model cosine against gold scores).
///
/// A correlation is undefined for fewer than two pairs, for a side whose values are all equal
/// (no variance: 0/0) and for non-finite values; each is a `RankCorrelation.Undefined` error
/// rather than a made-up 0 that reads like a real (terrible) result.
public enum RankCorrelation {
    /// Why a correlation has no value.
    public enum Undefined: Error, Equatable, CustomStringConvertible {
        /// Fewer than two pairs (the count given).
        case tooFewPairs(Int)
        /// The two sides have different lengths.
        case unequalLengths(Int, Int)
        /// Every value of one side (0 for x, 1 for y) is the same.
        case constant(side: Int)
        /// A side (0 for x, 1 for y) holds NaN or an infinity.
        case nonFinite(side: Int)

        public var description: String {
            switch self {
            case let .tooFewPairs(count): "a correlation needs at least 2 pairs, not \(count)"
            case let .unequalLengths(x, y): "the two sides have \(x) and \(y) values"
            case let .constant(side): "every value of side \(side == 0 ? "x" : "y") is the same: no variance, no correlation"
            case let .nonFinite(side): "side \(side == 0 ? "x" : "y") holds a value that is not finite"
            }
        }
    }

    /// Spearman's ρ: Pearson's r of the ranks, ties given their average rank (as scipy does).
    public static func spearman(_ x: [Double], _ y: [Double]) throws(Undefined) -> Double {
        try check(x, y)
        return try pearson(ranks(x), ranks(y))
    }

    /// Pearson's r.
    public static func pearson(_ x: [Double], _ y: [Double]) throws(Undefined) -> Double {
        try check(x, y)
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var covariance = 0.0, varianceX = 0.0, varianceY = 0.0
        for (a, b) in zip(x, y) {
            covariance += (a - meanX) * (b - meanY)
            varianceX += (a - meanX) * (a - meanX)
            varianceY += (b - meanY) * (b - meanY)
        }
        let denominator = (varianceX * varianceY).squareRoot()
        // Unequal values whose variance still underflows to 0 (differences of ~1e-160).
        guard denominator > 0 else { throw .constant(side: varianceX > 0 ? 1 : 0) }
        // Finite values whose squares overflow (~1e155 apart).
        guard denominator.isFinite else { throw .nonFinite(side: varianceX.isFinite ? 1 : 0) }
        // Rounding may put |r| a hair above 1.
        return max(-1, min(1, covariance / denominator))
    }

    /// 1-based ranks; equal values share the mean of the ranks they span.
    /// NaN has no rank: callers check for non-finite values first.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let shared = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = shared }
            start = end + 1
        }
        return ranks
    }

    private static func check(_ x: [Double], _ y: [Double]) throws(Undefined) {
        guard x.count == y.count else { throw .unequalLengths(x.count, y.count) }
        guard x.count >= 2 else { throw .tooFewPairs(x.count) }
        guard x.allSatisfy(\.isFinite) else { throw .nonFinite(side: 0) }
        guard y.allSatisfy(\.isFinite) else { throw .nonFinite(side: 1) }
        // Checked on the values, not on the variance: the mean of equal values may round off them.
        guard x.contains(where: { $0 != x[0] }) else { throw .constant(side: 0) }
        guard y.contains(where: { $0 != y[0] }) else { throw .constant(side: 1) }
    }
}
