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

    /// Grouped commits (import's): a run that dies keeps only whole groups, the open group's
    /// batches are rolled back (the store is left usable), and a rerun completes the corpus.
    @Test func aGroupedRunKeepsWholeGroupsAndARerunCompletes() throws {
        let cache = try TemporaryCache()
        let texts = sentences(37)
        let store = try cache.open()
        let crashing = CountingEncoder()
        crashing.failAfter = 21  // batches of 4 in groups of 8: two groups (16) commit, the third dies
        let indexer = try CorpusIndexer(store: store, corpus: "c", model: testModel(dimension: 8), precision: nil,
                                        sources: ["test.txt"], batchSize: 4, encode: crashing.encode)
        indexer.groupCommits(upTo: 8)
        var progress: [Int] = []
        indexer.onProgress = { progress.append($0.items) }
        #expect(throws: CountingEncoder.SimulatedCrash.self) {
            for text in texts { try indexer.add(CorpusItem(text: text)) }
        }
        #expect(progress == [4, 8, 12, 16, 20])
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.loadMatrix(of: corpus).rows == 16)  // the open group (16..<20) rolled back
        let rerun = CountingEncoder()
        let report = try index(texts, into: "c", store: store, encoder: rerun)
        #expect(rerun.encodedTexts == Array(texts[16...]))
        #expect(report.unchanged == 16)
        let matrix = try store.loadMatrix(of: try store.requireCorpus(named: "c"))
        for (row, text) in texts.enumerated() {
            #expect(matrix.row(row) == CountingEncoder.vector(for: text, dimension: 8))
        }
        #expect(try store.verify().isHealthy)
    }
}
