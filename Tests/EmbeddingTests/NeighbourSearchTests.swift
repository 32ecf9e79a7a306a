import Embedding
import HalfFloat
import Testing

/// Exact cosine search over f32 and f16 matrices, against a Double reference.
@Suite struct NeighbourSearchTests {
    /// Rows [1,0], [0,2], [1,1], [-3,0]; query [1,0.1]: cosines by hand.
    @Test func handWorkedCosinesOnUnnormalizedRows() throws {
        let search = try #require(NeighbourSearch(rows: 4, dimension: 2, storage: .f32([1, 0, 0, 2, 1, 1, -3, 0])))
        let results = search.search([1, 0.1], k: 4)
        #expect(results.map(\.index) == [0, 2, 1, 3])
        let expected: [Float] = [1 / 1.004987562, 1.1 / (1.004987562 * 1.414213562), 0.1 / 1.004987562, -1 / 1.004987562]
        for (result, score) in zip(results, expected) { #expect(abs(result.score - score) < 1e-5) }
    }

    @Test func kBeyondTheCorpusReturnsEveryRow() throws {
        let search = try #require(NeighbourSearch(rows: 3, dimension: 2, storage: .f32([1, 0, 0, 1, 1, 1])))
        #expect(search.search([1, 0], k: 50).count == 3)
    }

    @Test func badShapesFindNothing() throws {
        #expect(NeighbourSearch(rows: 3, dimension: 2, storage: .f32([1, 0, 0])) == nil)
        #expect(NeighbourSearch(rows: 0, dimension: 0, storage: .f32([])) == nil)
        let search = try #require(NeighbourSearch(rows: 1, dimension: 2, storage: .f32([1, 0])))
        #expect(search.search([1, 0, 0], k: 1).isEmpty)
        let empty = try #require(NeighbourSearch(rows: 0, dimension: 4, storage: .f16([])))
        #expect(empty.search([1, 0, 0, 0], k: 3).isEmpty)
    }

    /// 10,000 random rows (enough for the f16 path to split over threads): both precisions
    /// find the Double-reference top 10 (f16 by score within its rounding).
    @Test func bothPrecisionsMatchABruteForceReference() throws {
        let rows = 10_000, dimension = 48
        var state: UInt64 = 5
        let matrix: [Float] = (0..<rows * dimension).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
        let query = Array(matrix[(77 * dimension)..<(78 * dimension)]).map { $0 + 0.05 }
        func cosine(_ row: Int, _ values: [Float]) -> Double {
            var dot = 0.0, rowNorm = 0.0, queryNorm = 0.0
            for d in 0..<dimension {
                let x = Double(values[row * dimension + d]), y = Double(query[d])
                dot += x * y; rowNorm += x * x; queryNorm += y * y
            }
            return dot / (rowNorm * queryNorm).squareRoot()
        }
        let reference = (0..<rows).map { cosine($0, matrix) }
        let best = reference.indices.sorted { reference[$0] > reference[$1] }.prefix(10)

        let f32 = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f32(matrix)))
        let f32Results = f32.search(query, k: 10)
        #expect(f32Results.map(\.index) == Array(best))
        for result in f32Results { #expect(abs(Double(result.score) - reference[result.index]) < 1e-5) }

        let halves = HalfKernels.encode(matrix)
        let widened = HalfKernels.decode(halves)
        let halfReference = (0..<rows).map { cosine($0, widened) }
        let f16 = try #require(NeighbourSearch(rows: rows, dimension: dimension, storage: .f16(halves)))
        let f16Results = f16.search(query, k: 10)
        #expect(f16Results.first?.index == 77)
        for result in f16Results { #expect(abs(Double(result.score) - halfReference[result.index]) < 1e-5) }
        let halfBest = halfReference.indices.sorted { halfReference[$0] > halfReference[$1] }.prefix(10)
        #expect(Set(f16Results.map(\.index)) == Set(halfBest))
    }

    @Test func unitRowsGiveDotProducts() throws {
        let search = try #require(NeighbourSearch(rows: 2, dimension: 2, storage: .f16(HalfKernels.encode([0.6, 0.8, 1, 0]))))
        let results = search.search([2, 0], k: 2)
        #expect(results.map(\.index) == [1, 0])
        #expect(abs(results[1].score - 0.6) < 1e-3)
    }
}
