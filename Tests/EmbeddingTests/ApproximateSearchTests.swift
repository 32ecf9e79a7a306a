import Embedding
import HalfFloat
import Testing
import TestSupport

/// Approximate search: exact re-scoring of its candidates, and its recall against exact
/// search on a seeded clustered set (real sentence embeddings cluster by topic too).
@Suite struct ApproximateSearchTests {
    /// `count` rows around `clusters` random centres, plus a shared offset (as sentence
    /// embeddings have): unit length, like a normalizing model's.
    private static func clustered(rows count: Int, dimension: Int, clusters: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        let shared = (0..<dimension).map { _ in Float.random(in: -0.15...0.15, using: &generator) }
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) } }
        var values = [Float]()
        values.reserveCapacity(count * dimension)
        for _ in 0..<count {
            let centre = centres[Int.random(in: 0..<clusters, using: &generator)]
            var row = (0..<dimension).map { d in
                centre[d] * 0.5 + shared[d] * 4 + Float.random(in: -0.6...0.6, using: &generator)
            }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            row = row.map { $0 / norm }
            values += row
        }
        return values
    }

    /// Every reported score is the exact search's score of that row (bit for bit in f16, the
    /// same kernel; within 1e-6 in f32, where BLAS may block one row differently), and with
    /// every row a candidate the result is exact search's.
    @Test(arguments: [false, true])
    func rescoringIsExact(half: Bool) throws {
        let rows = 3000, dimension = 96
        let floats = Self.clustered(rows: rows, dimension: dimension, clusters: 30, seed: 9)
        let storage: MatrixStorage = half ? .f16(HalfKernels.encode(floats)) : .f32(floats)
        let exact = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: storage))
        let everything = try #require(ApproximateSearch(exact: exact, candidateFactor: rows))
        let some = try #require(ApproximateSearch(exact: exact, candidateFactor: 5))
        for q in stride(from: 0, to: 40, by: 1) {
            let query = Array(floats[(q * 61 % rows) * dimension ..< (q * 61 % rows + 1) * dimension]).map { $0 + 0.01 }
            let reference = exact.search(query, k: 10)
            let all = everything.search(query, k: 10)
            #expect(all.map(\.index) == reference.map(\.index))
            let exactScores = Dictionary(uniqueKeysWithValues: exact.search(query, k: rows).map { ($0.index, $0.score) })
            for hit in some.search(query, k: 10) {
                let score = try #require(exactScores[hit.index])
                if half { #expect(hit.score == score) } else { #expect(abs(hit.score - score) <= 1e-6) }
            }
        }
    }

    /// recall@10 against exact search on 10,000 clustered 64-d f16 rows, 60 held-out queries,
    /// candidate factors 100 and 10 (the default, 200, only re-scores more). Measured 0.993 and 0.802: the floors are
    /// 0.99 and 0.75, so a kernel or ranking regression fails while the seeded data stays put.
    @Test(arguments: [100, 10])
    func recallOnAClusteredSet(candidateFactor: Int) throws {
        let rows = 10_000, dimension = 64, queries = 60
        let floats = Self.clustered(rows: rows + queries, dimension: dimension, clusters: 100, seed: 21)
        let corpus = Array(floats[0 ..< rows * dimension])
        let exact = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f16(HalfKernels.encode(corpus)),
                                                 rowsAreUnitLength: true))
        let approximate = try #require(ApproximateSearch(exact: exact, candidateFactor: candidateFactor))
        var found = 0
        for q in 0..<queries {
            let query = Array(floats[(rows + q) * dimension ..< (rows + q + 1) * dimension])
            let truth = Set(exact.search(query, k: 10).map(\.index))
            found += approximate.search(query, k: 10).filter { truth.contains($0.index) }.count
        }
        let recall = Double(found) / Double(queries * 10)
        #expect(recall >= (candidateFactor == 100 ? 0.99 : 0.75), "recall@10 \(recall)")
    }

    /// The two-stage path (192-bit prefix pass first, over 256 dimensions), forced on a small
    /// set: its candidates' scores are exact search's, and recall@10 with 100 candidates from
    /// 200 prefix survivors was measured 0.993 on this seeded set: the floor is 0.98.
    @Test func twoStageRecallAndExactScores() throws {
        let rows = 10_000, dimension = 256, queries = 60
        let floats = Self.clustered(rows: rows + queries, dimension: dimension, clusters: 100, seed: 21)
        let corpus = Array(floats[0 ..< rows * dimension])
        let exact = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f16(HalfKernels.encode(corpus)),
                                                 rowsAreUnitLength: true))
        let approximate = try #require(ApproximateSearch(exact: exact, candidateFactor: 10, twoStageRows: 0, firstPassFactor: 2))
        #expect(approximate.prefixPassRows(forCandidates: 100) == 200)
        #expect(try #require(ApproximateSearch(exact: exact, twoStageRows: rows + 1)).prefixPassRows(forCandidates: 100) == nil)
        let all = exact.search(Array(floats[rows * dimension ..< (rows + 1) * dimension]), k: rows)
        let exactScores = Dictionary(uniqueKeysWithValues: all.map { ($0.index, $0.score) })
        var found = 0
        for q in 0..<queries {
            let query = Array(floats[(rows + q) * dimension ..< (rows + q + 1) * dimension])
            let truth = Set(exact.search(query, k: 10).map(\.index))
            let hits = approximate.search(query, k: 10)
            #expect(hits.count == 10)
            found += hits.filter { truth.contains($0.index) }.count
            if q == 0 { for hit in hits { #expect(hit.score == exactScores[hit.index]) } }
        }
        let recall = Double(found) / Double(queries * 10)
        #expect(recall >= 0.98, "recall@10 \(recall)")
    }

    @Test func distanceSimilaritiesStayExact() throws {
        let exact = try #require(NeighbourSearch(rows: 2, dimension: 2, storage: .f32([1, 0, 0, 1]), similarity: .euclidean))
        #expect(ApproximateSearch(exact: exact) == nil)
    }

    @Test func defaultThresholdIsHalfAMillion() {
        #expect(!ApproximateSearch.isDefault(forRows: 499_999))
        #expect(ApproximateSearch.isDefault(forRows: 500_000))
    }
}
