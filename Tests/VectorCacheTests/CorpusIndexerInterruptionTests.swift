import Foundation
import Testing
import VectorCache

/// A run that dies mid-way keeps its committed batches; a rerun completes the corpus.
@Suite struct CorpusIndexerInterruptionTests {
    @Test func crashMidRunThenRerunCompletesWithoutDuplicates() throws {
        let cache = try TemporaryCache()
        let texts = sentences(37)
        do {
            let store = try cache.open()
            let crashing = CountingEncoder()
            crashing.failAfter = 17  // batches of 4: 4 batches (16 texts) commit, the 5th dies
            #expect(throws: CountingEncoder.SimulatedCrash.self) {
                try index(texts, into: "c", store: store, encoder: crashing)
            }
            let corpus = try store.requireCorpus(named: "c")
            #expect(!corpus.isComplete)
            #expect(try store.loadMatrix(of: corpus).rows == 16)
        }
        let store = try cache.open()
        let rerun = CountingEncoder()
        let report = try index(texts, into: "c", store: store, encoder: rerun)
        #expect(rerun.encodedTexts == Array(texts[16...]))
        #expect(report.unchanged == 16)
        let corpus = try store.requireCorpus(named: "c")
        #expect(corpus.isComplete && corpus.itemCount == 37)
        let matrix = try store.loadMatrix(of: corpus)
        #expect(matrix.rows == 37)
        for (row, text) in texts.enumerated() {
            #expect(matrix.row(row) == CountingEncoder.vector(for: text, dimension: 8))
        }
        #expect(try store.vectorCount(model: corpus.model, precision: .f32) == 37)
        #expect(try store.verify().isHealthy)
    }
}
