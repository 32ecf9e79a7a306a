import Corpora
import Embedding
import ExplorerUI
import Foundation
import TestSupport
import Testing
import VectorCache

/// Above `textsInMemoryLimit` the explorer reads the shown neighbours' texts from the cache
/// instead of every text at open: the same neighbours, and never texts of another state of
/// the corpus paired with the vectors it opened.
@Suite struct ExplorerOpenCorpusItemsTests {
    private let queries = ["A woman is dancing.", "Two dogs play in the snow.", "A man is playing a trumpet."]

    /// An engine over `corpus`'s cache, where `index` put the corpus "reference".
    private func engine(for corpus: ReferenceCorpus, textsInMemoryLimit: Int) throws -> ExplorerCorpusEngine {
        ExplorerCorpusEngine(model: try ReferenceCorpus.model(), cachePath: corpus.cachePath, bundledCorpora: [:],
                             textsInMemoryLimit: textsInMemoryLimit)
    }

    /// A corpus of `count` reference sentences indexed as "reference", open in an engine with
    /// its texts in memory (`inMemoryLimit`) and in one reading them on demand (`onDemandLimit`).
    private func openedTwice(count: Int, inMemoryLimit: Int, onDemandLimit: Int) throws
        -> (corpus: ReferenceCorpus, inMemory: ExplorerCorpusEngine, onDemand: ExplorerCorpusEngine) {
        let corpus = try ReferenceCorpus(count: count)
        try corpus.index(model: try ReferenceCorpus.model())
        let inMemory = try engine(for: corpus, textsInMemoryLimit: inMemoryLimit)
        let onDemand = try engine(for: corpus, textsInMemoryLimit: onDemandLimit)
        #expect(try inMemory.openCorpus(named: "reference", progress: { _ in }).itemCount == count)
        #expect(try onDemand.openCorpus(named: "reference", progress: { _ in }).itemCount == count)
        return (corpus, inMemory, onDemand)
    }

    @Test func readFromTheCacheTheNeighboursAreTheSameAsInMemory() throws {
        let (corpus, inMemory, onDemand) = try openedTwice(count: 25, inMemoryLimit: 25, onDemandLimit: 24)
        for query in queries {
            let vector = try #require(corpus.reference.embedding(of: query))
            let expected = try inMemory.neighbours(of: vector, k: 25)
            #expect(expected.count == 25)
            #expect(try onDemand.neighbours(of: vector, k: 25) == expected)
            #expect(try onDemand.neighbours(of: vector, k: 3) == Array(expected.prefix(3)))
            #expect(try onDemand.centredNeighbours(of: vector, k: 5) == inMemory.centredNeighbours(of: vector, k: 5))
        }
        let nearest = try onDemand.neighbours(of: try #require(corpus.reference.embedding(of: queries[0])), k: 6)
        #expect(try nearest.map(\.text) == corpus.expectedNeighbours(of: queries[0], k: 6).map(\.text))
    }

    /// Another run re-indexes the open corpus from other texts: the texts read on demand
    /// would be the new ones beside the old vectors, so the read fails and says why. The
    /// in-memory corpus keeps answering with the texts it opened with.
    @Test func aCorpusReindexedSinceItOpenedIsNotReadOnDemand() throws {
        let (corpus, inMemory, onDemand) = try openedTwice(count: 12, inMemoryLimit: 100, onDemandLimit: 0)
        let vector = try #require(corpus.reference.embedding(of: queries[1]))
        let before = try onDemand.neighbours(of: vector, k: 4)
        #expect(before.count == 4 && Set(before.map(\.text)).isSubset(of: Set(corpus.texts)))

        let other = try corpus.directory.write("other.txt", corpus.texts.reversed().map { "Not \($0)" }.joined(separator: "\n") + "\n")
        let store = try VectorStore(path: corpus.cachePath, writable: true)
        let model = try ReferenceCorpus.model()
        _ = try CorpusIndexing(corpus: "reference", files: [other.path]).run(
            into: store, model: model.identity(in: store), precision: nil, batchSize: 8,
            encode: { try model.encode($0, batchSize: 8) }, progress: { _ in })

        #expect(throws: CorporaError.corpusChangedSinceOpened(corpus: "reference")) { _ = try onDemand.neighbours(of: vector, k: 4) }
        #expect(try inMemory.neighbours(of: vector, k: 4).map(\.text) == before.map(\.text))
        // Opened again, it reads the new state.
        _ = try onDemand.openCorpus(named: "reference", progress: { _ in })
        #expect(try onDemand.neighbours(of: vector, k: 4).allSatisfy { $0.text.hasPrefix("Not ") })
    }

    @Test func aCorpusRemovedSinceItOpenedIsNotReadOnDemand() throws {
        let (corpus, _, onDemand) = try openedTwice(count: 8, inMemoryLimit: 100, onDemandLimit: 0)
        let vector = try #require(corpus.reference.embedding(of: queries[2]))
        #expect(try onDemand.neighbours(of: vector, k: 2).count == 2)
        _ = try VectorStore(path: corpus.cachePath, writable: true).removeCorpus(named: "reference", onWait: nil)
        #expect(throws: CorporaError.corpusChangedSinceOpened(corpus: "reference")) { _ = try onDemand.neighbours(of: vector, k: 2) }
    }
}
