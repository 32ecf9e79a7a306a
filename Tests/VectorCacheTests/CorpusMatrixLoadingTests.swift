import Foundation
import HalfFloat
import Testing
import VectorCache

/// Loading a corpus gives one contiguous matrix in position order, at the stored precision.
@Suite struct CorpusMatrixLoadingTests {
    @Test func f32MatrixRowsAreTheVectorsInOrder() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = ["b", "a", "b", "c"]
        try index(texts, into: "c", store: store, encoder: CountingEncoder())
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: "c"))
        #expect(matrix.rows == 4 && matrix.dimension == 8 && matrix.precision == .f32)
        #expect(matrix.floats() == texts.flatMap { CountingEncoder.vector(for: $0, dimension: 8) })
    }

    @Test func f16MatrixHoldsTheRoundedHalves() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = sentences(9)
        try index(texts, into: "c", store: store, encoder: CountingEncoder(), precision: .f16)
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: "c"))
        guard case let .f16(halves) = matrix.storage else {
            Issue.record("expected f16 storage")
            return
        }
        #expect(halves == texts.flatMap { text in
            CountingEncoder.vector(for: text, dimension: 8).map { Float16($0).bitPattern }
        })
    }

    @Test func emptyCorpusLoadsAsAnEmptyMatrix() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index([], into: "c", store: store, encoder: CountingEncoder())
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: "c"))
        #expect(matrix.rows == 0 && matrix.floats().isEmpty)
    }

    @Test func aTruncatedBlobIsReportedNotTrapped() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(5), into: "c", store: store, encoder: CountingEncoder())
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.run("UPDATE vectors SET vector = substr(vector, 1, 10) WHERE id = (SELECT vector FROM items WHERE position = 3)")
        let error = try #require(throws: VectorCacheError.self) { try store.loadMatrix(of: store.requireCorpus(named: "c")) }
        #expect(error.description.contains("position 3"))
    }
}
