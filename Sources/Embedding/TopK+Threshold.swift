extension TopK {
    /// Positions of the `count` best of `scores`, ranked as `select` ranks them (higher first,
    /// ties to the lower position, NaN last), in increasing position order.
    ///
    /// For thousands of candidates out of hundreds of thousands of estimates: a heap of the
    /// candidates costs a sift of log(count) levels for every estimate that gets in, and the
    /// lists' sort and merge another. Here an evenly spaced sample of the scores gives a
    /// threshold a little below the `count`-th best, one pass keeps the positions at or above
    /// it (a predictable branch: most scores fall below), and the exact `count`-th best is
    /// selected among those few. Should the sample have set it too high (fewer kept than
    /// wanted), the selection runs over every score instead.
    public static func bestPositions(_ scores: UnsafeBufferPointer<Float>, count: Int) -> [Int] {
        guard count > 0, !scores.isEmpty else { return [] }
        if count >= scores.count { return Array(0..<scores.count) }
        var kept: [Int] = []
        if let bound = Self.sampledBound(scores, count: count) {
            kept.reserveCapacity(2 * count)
            for position in 0..<scores.count where Self.rankable(scores[position]) >= bound { kept.append(position) }
        }
        if kept.count < count { kept = Array(0..<scores.count) }
        var values = kept.map { Self.rankable(scores[$0]) }
        let threshold = values.withUnsafeMutableBufferPointer { Self.valueOfRank(count - 1, in: $0) }
        var above = 0
        for position in kept where Self.rankable(scores[position]) > threshold { above += 1 }
        var ties = count - above
        var positions: [Int] = []
        positions.reserveCapacity(count)
        for position in kept {
            let score = Self.rankable(scores[position])
            if score > threshold {
                positions.append(position)
            } else if score == threshold, ties > 0 {
                positions.append(position)
                ties -= 1
            }
        }
        return positions
    }

    /// Scores in the sample that sets `bestPositions`' first threshold.
    static let thresholdSampleSize = 4096

    /// A value at or a little below the `count`-th best score, from an evenly spaced sample:
    /// the sample's value at 1.5 times the rank the `count`-th would have in it, plus three
    /// standard deviations of that rank, plus one. Nil when the scores are too few for a sample
    /// to save anything, or the rank falls outside it (select over every score instead).
    private static func sampledBound(_ scores: UnsafeBufferPointer<Float>, count: Int) -> Float? {
        let size = Self.thresholdSampleSize
        guard scores.count >= 4 * size else { return nil }
        let expected = Double(count) * Double(size) / Double(scores.count)
        let rank = Int(1.5 * expected + 3 * expected.squareRoot()) + 1
        guard rank < size else { return nil }
        var sample = (0..<size).map { Self.rankable(scores[$0 * scores.count / size]) }
        return sample.withUnsafeMutableBufferPointer { Self.valueOfRank(rank, in: $0) }
    }

    /// NaN ranks last, as in `Neighbour.ranksBefore`.
    @inline(__always)
    private static func rankable(_ score: Float) -> Float { score.isNaN ? -.infinity : score }

    /// The value that would stand at `rank` (0 = the highest) if `values` (no NaN) were sorted
    /// in decreasing order; reorders `values`. Quickselect with three-way partitions, so runs
    /// of equal values end a round instead of costing one each; a range that keeps shrinking
    /// slowly (an unlucky run of pivots) is sorted instead, so the cost stays O(n log n) at worst.
    static func valueOfRank(_ rank: Int, in values: UnsafeMutableBufferPointer<Float>) -> Float {
        var low = 0, high = values.count - 1, rounds = 0
        let roundLimit = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while low < high {
            rounds += 1
            if rounds > roundLimit {
                var range = UnsafeMutableBufferPointer(rebasing: values[low...high])
                range.sort(by: >)
                return values[rank]
            }
            let pivot = Self.medianOfThree(values[low], values[low + (high - low) / 2], values[high])
            // [low, greater) > pivot, [greater, index) == pivot, (smaller, high] < pivot.
            var greater = low, index = low, smaller = high
            while index <= smaller {
                let value = values[index]
                if value > pivot {
                    values.swapAt(greater, index)
                    greater += 1
                    index += 1
                } else if value < pivot {
                    values.swapAt(index, smaller)
                    smaller -= 1
                } else {
                    index += 1
                }
            }
            if rank < greater {
                high = greater - 1
            } else if rank > smaller {
                low = smaller + 1
            } else {
                return pivot
            }
        }
        return values[rank]
    }

    @inline(__always)
    private static func medianOfThree(_ a: Float, _ b: Float, _ c: Float) -> Float {
        max(min(a, b), min(max(a, b), c))
    }
}
