import Corpora
import Embedding
import ExplorerUI
import Foundation
import TestSupport
import Testing

/// The explorer's engine over the real model and cache: a bundled corpus is indexed on first
/// open (with progress), and neighbours are the reference vectors' nearest.
@Suite struct ExplorerCorpusEngineTests {
    /// Progress events as the engine reports them (from whichever thread indexes).
    final class ProgressLog: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [IndexingProgress] = []
        func append(_ event: IndexingProgress) { lock.withLock { events.append(event) } }
        var all: [IndexingProgress] { lock.withLock { events } }
    }

    private func engine(for corpus: ReferenceCorpus, batchSize: Int = 8) throws -> ExplorerCorpusEngine {
        ExplorerCorpusEngine(model: try ReferenceCorpus.model(), cachePath: corpus.cachePath,
                             bundledCorpora: ["bundled": corpus.file], indexingBatchSize: batchSize)
    }

    @Test func aBundledCorpusIsIndexedOnFirstOpenAndNotAgain() throws {
        let corpus = try ReferenceCorpus(count: 20)
        let engine = try engine(for: corpus)
        #expect(try engine.corpora() == [CorpusInfo(name: "bundled", itemCount: 0, isIndexed: false)])

        let first = ProgressLog()
        let info = try engine.openCorpus(named: "bundled", progress: first.append)
        #expect(info == CorpusInfo(name: "bundled", itemCount: 20, isIndexed: true))
        #expect(first.all.map(\.done) == [0, 8, 16, 20])
        #expect(first.all.allSatisfy { $0.corpus == "bundled" && $0.total == 20 })
        #expect(try engine.corpora() == [CorpusInfo(name: "bundled", itemCount: 20, isIndexed: true)])

        let second = ProgressLog()
        _ = try engine.openCorpus(named: "bundled", progress: second.append)
        #expect(second.all.isEmpty)
    }

    @Test(arguments: ["A woman is dancing.", "Two dogs play in the snow."])
    func neighboursAreTheReferenceNearest(query: String) throws {
        let corpus = try ReferenceCorpus(count: 25)
        let engine = try engine(for: corpus)
        _ = try engine.openCorpus(named: "bundled", progress: { _ in })
        let vector = try #require(corpus.reference.embedding(of: query))
        let neighbours = try engine.neighbours(of: vector, k: 6)
        let expected = try corpus.expectedNeighbours(of: query, k: 6)
        #expect(neighbours.map(\.text) == expected.map(\.text))
        for (neighbour, reference) in zip(neighbours, expected) {
            #expect(abs(Double(neighbour.score) - reference.cosine) < 1e-5)
            // The item's own vector comes along (for token shares): the model's vector of it.
            let own = try #require(corpus.reference.embedding(of: neighbour.text))
            #expect(zip(neighbour.vector, own).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func encodingGivesTheReferenceVectorAndTheModelsTokens() throws {
        let corpus = try ReferenceCorpus(count: 3)
        let engine = try engine(for: corpus)
        let text = "A man is playing a trumpet."
        let analysis = engine.analysis(of: try engine.encode(text))
        let reference = try #require(corpus.reference.embedding(of: text))
        #expect(zip(analysis.vector, reference).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(analysis.tokens.first?.isSpecial == true && analysis.tokens.last?.isSpecial == true)
        #expect(analysis.text == text)
    }

    @Test func neighboursBeforeAnyCorpusIsOpenIsAnError() throws {
        let corpus = try ReferenceCorpus(count: 3)
        #expect(throws: CorporaError.noCorpusOpen) { _ = try engine(for: corpus).neighbours(of: [1, 0], k: 3) }
    }
}
