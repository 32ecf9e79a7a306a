@testable import Embedding
import Testing
import TestSupport

/// `TopK.bestPositions` (the candidates' threshold selection) chooses exactly the positions
/// `TopK.select` ranks best, and `TopK.merge` of unsorted lists equals a full sort.
@Suite struct TopKThresholdTests {
    /// Seeded scores from `levels` distinct values (few levels: ties everywhere), with NaN at
    /// every `nanEvery`-th position when given.
    private static func scores(count: Int, levels: Int, seed: UInt64, nanEvery: Int? = nil) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { position in
            if let nanEvery, position % nanEvery == 3 { return .nan }
            return Float(Int.random(in: 0..<levels, using: &generator)) / Float(levels) - 0.5
        }
    }

    /// Small sets (selected whole) and large ones (a sampled threshold first), few levels and many.
    @Test(arguments: [(5_000, 3), (5_000, 40), (20_000, 1_000_000), (777, 1), (100_000, 50), (100_000, 1_000_000)])
    func choosesWhatSelectRanksBest(count: Int, levels: Int) {
        for nanEvery in [nil, 11] {
            let scores = Self.scores(count: count, levels: levels, seed: UInt64(count + levels), nanEvery: nanEvery)
            for wanted in [1, 2, 10, 100, count / 3, count - 1, count, count + 5] {
                let chosen = scores.withUnsafeBufferPointer { TopK.bestPositions($0, count: wanted) }
                let expected = TopK.select(scores, k: wanted).map(\.index).sorted()
                #expect(chosen == expected, "\(count) scores of \(levels) levels, NaN every \(nanEvery ?? 0), \(wanted) wanted")
            }
        }
    }

    /// A sample that sees only high scores sets its threshold above the wanted count's: the
    /// selection then runs over every score and still chooses what `select` does.
    @Test func aMisleadingSampleFallsBackToEveryScore() {
        let count = 20_000, size = TopK.thresholdSampleSize
        var scores = [Float](repeating: 0, count: count)
        for sampled in 0..<size { scores[sampled * count / size] = 1 }
        for wanted in [10, size, size + 1, 5_000] {
            let chosen = scores.withUnsafeBufferPointer { TopK.bestPositions($0, count: wanted) }
            #expect(chosen == TopK.select(scores, k: wanted).map(\.index).sorted(), "\(wanted) wanted")
        }
    }

    @Test func nothingWantedOrNothingGiven() {
        #expect([Float](arrayLiteral: 0.3, 0.1).withUnsafeBufferPointer { TopK.bestPositions($0, count: 0) }.isEmpty)
        #expect([Float]().withUnsafeBufferPointer { TopK.bestPositions($0, count: 3) }.isEmpty)
    }

    /// The value of each rank equals a sort's, on orders that defeat a naive pivot: sorted,
    /// reversed, all equal, organ pipe, and seeded values.
    @Test func valueOfRankEqualsASort() {
        let count = 4_099
        let orders: [[Float]] = [
            (0..<count).map { Float($0) },
            (0..<count).map { Float(count - $0) },
            [Float](repeating: 0.25, count: count),
            (0..<count).map { Float(min($0, count - $0)) },
            Self.scores(count: count, levels: 50, seed: 5),
        ]
        for values in orders {
            let sorted = values.sorted(by: >)
            for rank in [0, 1, 17, count / 2, count - 2, count - 1] {
                var copy = values
                let value = copy.withUnsafeMutableBufferPointer { TopK.valueOfRank(rank, in: $0) }
                #expect(value == sorted[rank], "rank \(rank)")
                #expect(copy.sorted(by: >) == sorted)  // only reordered
            }
        }
    }

    /// Unsorted lists (re-scored candidates) merge into what a full sort of all of them gives.
    @Test func mergeOfUnsortedListsEqualsASort() {
        let scores = Self.scores(count: 3_000, levels: 200, seed: 8, nanEvery: 97)
        let all = scores.enumerated().map { Neighbour(index: $0.offset, score: $0.element) }
        var generator = SplitMix64(seed: 12)
        let lists = [Array(all[1_500...].reversed()), all[..<1_500].shuffled(using: &generator)]
        for k in [1, 10, 30, 2_999, 3_000, 4_000] {
            // Indices, since a NaN score never equals itself; each index's score is its own.
            let expected = all.sorted { $0.ranksBefore($1) }.prefix(k).map(\.index)
            #expect(TopK.merge(lists, k: k).map(\.index) == expected, "k \(k)")
        }
        #expect(TopK.merge([[], []], k: 3).isEmpty)
        #expect(TopK.merge(lists, k: 0).isEmpty)
    }
}
