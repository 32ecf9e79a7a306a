import Embedding
import Foundation
import HalfFloat
import Testing
import TestSupport

/// What f16 storage does to neighbour ranks, on real all-MiniLM-L6-v2 vectors (the 340
/// reference embeddings): ranks change only between neighbours whose f32 scores are closer
/// than f16 rounding can tell apart.
@Suite struct NeighbourSearchPrecisionTests {
    @Test func f16ReordersOnlyNearTies() throws {
        let reference = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        let dimension = try #require(reference.first?.embedding.count)
        let matrix = reference.flatMap(\.embedding)
        let rows = reference.count
        let f32 = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f32(matrix)))
        let f16 = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f16(HalfKernels.encode(matrix))))
        // A unit vector's f16 components carry relative error ≤ 2^-11, so a cosine moves by
        // at most about 2^-11 · Σ|xᵢ||qᵢ| ≤ 2^-11; two scores closer than twice that may swap.
        let tieWidth: Float = 2 * 0.000_488_281_25

        var sameTop10 = 0, sameFirst = 0
        var worstScoreChange: Float = 0
        for query in 0..<rows {
            let vector = reference[query].embedding
            let exact = f32.search(vector, k: 10)
            let halved = f16.search(vector, k: 10)
            if exact.map(\.index) == halved.map(\.index) { sameTop10 += 1 }
            if exact.first?.index == halved.first?.index { sameFirst += 1 }
            let exactScore = Dictionary(uniqueKeysWithValues: f32.search(vector, k: rows).map { ($0.index, $0.score) })
            for (rank, result) in halved.enumerated() {
                if let score = exactScore[result.index] { worstScoreChange = max(worstScoreChange, abs(score - result.score)) }
                // Anything f16 ranks here must score within the tie width of the exact result at this rank.
                let exactScoreOfPick = exactScore[result.index] ?? -2
                #expect(exact[rank].score - exactScoreOfPick <= tieWidth,
                        "query \(query) rank \(rank + 1): f16 picked a row scoring \(exactScoreOfPick) over \(exact[rank].score)")
            }
        }
        #expect(worstScoreChange <= tieWidth / 2)
        print("f16 vs f32 on \(rows) MiniLM vectors: same top-10 order \(sameTop10)/\(rows), same first \(sameFirst)/\(rows), worst score change \(worstScoreChange)")
    }
}
