import Corpora
import Embedding
import Foundation
import TestSupport
import Testing
import VectorCache

/// Opening an indexed corpus and searching it gives the neighbours sentence-transformers'
/// own vectors give, in the same order, with the same cosines.
@Suite struct CorpusSearcherTests {
    @Test(arguments: ["A man is slicing a vegetable.", "Two dogs play in the snow.", "Chinese shares close higher on Tuesday"])
    func searchMatchesTheReferenceCosines(query: String) throws {
        let corpus = try ReferenceCorpus()
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let searcher = try CorpusSearcher(corpus: "reference", model: model,
                                          store: VectorStore(path: corpus.cachePath, writable: false))
        #expect(searcher.corpus.record.isComplete)
        #expect(searcher.corpus.matrix.rows == corpus.texts.count)

        let expected = try corpus.expectedNeighbours(of: query, k: 8)
        let hits = try #require(try searcher.hits(for: [query], k: 8).first)
        #expect(hits.map(\.rank) == Array(1...8))
        #expect(hits.map(\.item.item.text) == expected.map(\.text))
        for (hit, reference) in zip(hits, expected) {
            #expect(abs(Double(hit.score) - reference.cosine) < 1e-5, "\(hit.item.item.text)")
            #expect(corpus.texts[hit.item.position] == hit.item.item.text)
        }
    }

    @Test func aKLargerThanTheCorpusReturnsEveryItemOnce() throws {
        let corpus = try ReferenceCorpus(count: 5)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let searcher = try CorpusSearcher(corpus: "reference", model: model,
                                          store: VectorStore(path: corpus.cachePath, writable: false))
        let hits = try searcher.hits(for: ["A woman is dancing.", "A man is singing."], k: 50)
        #expect(hits.count == 2)
        for list in hits { #expect(Set(list.map(\.item.item.text)) == Set(corpus.texts)) }
    }

    @Test func aCorpusOfAnotherModelIsRefusedAndAMissingOneNamed() throws {
        let corpus = try ReferenceCorpus(count: 5)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let store = try VectorStore(path: corpus.cachePath, writable: false)
        let other = ModelIdentity(name: "other", dimension: model.dimension, weightsSHA256: String(repeating: "1", count: 64),
                                  components: [:])
        #expect(throws: VectorCacheError.self) {
            _ = try SearchableCorpus(named: "reference", in: store, builtBy: other, rowsAreUnitLength: false)
        }
        #expect(throws: VectorCacheError.self) {
            _ = try SearchableCorpus(named: "absent", in: store, builtBy: nil, rowsAreUnitLength: false)
        }
        // Without an identity (synthetic vectors) the vectors are taken as they are.
        let opened = try SearchableCorpus(named: "reference", in: store, builtBy: nil, rowsAreUnitLength: false)
        #expect(opened.search.rows == 5)
    }

    @Test func theModelIsAskedForOnlyOnceTheCorpusIsFound() throws {
        let corpus = try ReferenceCorpus(count: 5)
        try corpus.index(model: ReferenceCorpus.model())
        let store = try VectorStore(path: corpus.cachePath, writable: false)
        var asked = 0
        func identity() -> ModelIdentity? { asked += 1; return nil }
        _ = try? SearchableCorpus(named: "absent", in: store, builtBy: identity(), rowsAreUnitLength: false)
        #expect(asked == 0)
        _ = try SearchableCorpus(named: "reference", in: store, builtBy: identity(), rowsAreUnitLength: false)
        #expect(asked == 1)
    }
}
