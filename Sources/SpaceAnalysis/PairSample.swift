/// A uniform random sample of distinct unordered pairs {i, j}, i ≠ j, of `items` items,
/// drawn with a seeded generator: the same pairs on every run. Pairs are sorted (by i, then
/// j), which also keeps the rows read close together.
public struct PairSample: Sendable, Equatable {
    /// The smaller index of each pair, then the larger, pair by pair.
    public let first: [Int32]
    public let second: [Int32]
    /// The items the pairs were drawn from.
    public let items: Int
    public let seed: UInt64

    public var count: Int { first.count }

    /// `count` distinct pairs (at most every pair: n(n-1)/2). Draws i and j uniformly, rejects
    /// i == j (so every unordered pair is equally likely), and tops up after removing repeats.
    public init(items: Int, count wanted: Int, seed: UInt64) {
        let total = PairSample.totalPairs(items: items)
        let target = max(0, min(wanted, total))
        var generator = SeededGenerator(seed: seed)
        var keys: [UInt64] = []
        keys.reserveCapacity(target)
        let n = UInt64(max(items, 0))
        while keys.count < target {
            let missing = target - keys.count
            // A few percent more than missing, so one top-up usually suffices.
            for _ in 0 ..< missing + missing / 16 + 16 {
                let a = generator.next(upperBound: n), b = generator.next(upperBound: n)
                guard a != b else { continue }
                keys.append(min(a, b) &* n &+ max(a, b))
            }
            keys.sort()
            keys = PairSample.uniqued(keys)
            if keys.count > target {
                // Keep a uniform subset: drop random surplus keys, not the largest ones.
                keys.shuffle(using: &generator)
                keys.removeLast(keys.count - target)
                keys.sort()
            }
        }
        first = keys.map { Int32(truncatingIfNeeded: $0 / max(n, 1)) }
        second = keys.map { Int32(truncatingIfNeeded: $0 % max(n, 1)) }
        self.items = items
        self.seed = seed
    }

    /// Distinct unordered pairs of `items` items; 0 for fewer than two.
    public static func totalPairs(items: Int) -> Int {
        items < 2 ? 0 : items.multipliedReportingOverflow(by: items - 1).partialValue / 2
    }

    private static func uniqued(_ sorted: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(sorted.count)
        for key in sorted where result.last != key { result.append(key) }
        return result
    }
}
