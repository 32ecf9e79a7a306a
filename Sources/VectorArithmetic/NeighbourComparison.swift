/// Two rankings of the same corpus' items (model A's and model B's top k for one query) set
/// side by side: which items both chose, how far each moved, and how alike the shared items'
/// orders are. Pure arithmetic on ranks, so `compare` and the explorer's second column agree.
public struct NeighbourComparison<Key: Hashable & Sendable>: Sendable {
    /// One ranked item with where the other ranking put it.
    public struct Entry: Sendable, Equatable {
        public let key: Key
        /// 1 for the best.
        public let rank: Int
        public let score: Float
        /// Its rank in the other list; nil when the other model did not rank it in its top k.
        public let otherRank: Int?

        /// Rank in A − rank in B: positive when B ranks the item higher (it moved up). Nil for
        /// an item only one list holds.
        public let shift: Int?
    }

    public let a: [Entry]
    public let b: [Entry]

    /// Items in both lists.
    public var overlap: Int { a.filter { $0.otherRank != nil }.count }

    /// Spearman's ρ of the shared items' ranks in A and in B; nil when fewer than two items
    /// are shared (no correlation exists: said, not made 0).
    public let spearman: Double?

    /// `a` and `b` are the two rankings, best first (their order gives the ranks); a key that
    /// repeats within one list counts at its first (best) rank only.
    public init(a: [(key: Key, score: Float)], b: [(key: Key, score: Float)]) {
        let ranksA = Self.firstRanks(a.map(\.key)), ranksB = Self.firstRanks(b.map(\.key))
        self.a = Self.entries(a, ranks: ranksA, other: ranksB, isA: true)
        self.b = Self.entries(b, ranks: ranksB, other: ranksA, isA: false)
        spearman = Self.spearman(ofOtherRanks: self.a.compactMap(\.otherRank))
    }

    /// Spearman's ρ of the shared items' ranks, given their ranks in the other list in this
    /// list's order. Ranks within a list are distinct, so there are no ties and
    /// ρ = 1 − 6 Σd² / (n (n² − 1)), d the difference of an item's two orders among the shared items.
    static func spearman(ofOtherRanks otherRanks: [Int]) -> Double? {
        let n = otherRanks.count
        guard n >= 2 else { return nil }
        let orderInOther = otherRanks.indices.sorted { otherRanks[$0] < otherRanks[$1] }
        var squares = 0.0
        for (position, index) in orderInOther.enumerated() {
            let d = Double(index - position)
            squares += d * d
        }
        let count = Double(n)
        return 1 - 6 * squares / (count * (count * count - 1))
    }

    private static func firstRanks(_ keys: [Key]) -> [Key: Int] {
        var ranks: [Key: Int] = [:]
        for (index, key) in keys.enumerated() where ranks[key] == nil { ranks[key] = index + 1 }
        return ranks
    }

    private static func entries(_ list: [(key: Key, score: Float)], ranks: [Key: Int], other: [Key: Int],
                                isA: Bool) -> [Entry] {
        list.enumerated().compactMap { index, item in
            // A repeated key keeps its best rank only.
            guard ranks[item.key] == index + 1 else { return nil }
            let rank = index + 1, otherRank = other[item.key]
            let shift = otherRank.map { isA ? rank - $0 : $0 - rank }
            return Entry(key: item.key, rank: rank, score: item.score, otherRank: otherRank, shift: shift)
        }
    }
}
