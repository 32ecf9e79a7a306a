import Foundation
import Testing
import VectorCache

/// Encoding happens once per (model, text): reruns, additions, shared texts, duplicates.
@Suite struct CorpusIndexerReuseTests {
    @Test func reindexingEncodesNothing() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = sentences(50)
        let first = CountingEncoder()
        let report = try index(texts, into: "c", store: store, encoder: first)
        #expect(first.encodedCount == 50)
        #expect(report.items == 50 && report.encoded == 50)
        let second = CountingEncoder()
        let again = try index(texts, into: "c", store: store, encoder: second)
        #expect(second.encodedCount == 0)
        #expect(again.unchanged == 50 && again.encoded == 0)
    }

    @Test func addingTenLinesEncodesTen() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(50), into: "c", store: store, encoder: CountingEncoder())
        let encoder = CountingEncoder()
        let report = try index(sentences(60), into: "c", store: store, encoder: encoder)
        #expect(encoder.encodedTexts == Array(sentences(60)[50...]))
        #expect(report.items == 60)
        #expect(try store.requireCorpus(named: "c").itemCount == 60)
    }

    @Test func aTextInTwoCorporaIsEncodedOnce() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        try index(["shared", "only in a"], into: "a", store: store, encoder: encoder)
        try index(["only in b", "shared"], into: "b", store: store, encoder: encoder)
        #expect(encoder.encodedTexts == ["shared", "only in a", "only in b"])
        let model = try store.requireCorpus(named: "a").model
        #expect(try store.vectorCount(model: model, precision: .f32) == 3)
    }

    @Test func duplicatesWithinABatchAreEncodedOnce() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        let report = try index(["x", "y", "x", "x", "y", "z"], into: "c", store: store, encoder: encoder, batchSize: 10)
        #expect(encoder.encodedTexts == ["x", "y", "z"])
        #expect(report.items == 6)
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.items(of: corpus, at: [0, 2, 5]).map(\.item.text) == ["x", "x", "z"])
    }

    @Test func aShorterRerunDropsTheTail() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(20), into: "c", store: store, encoder: CountingEncoder())
        let report = try index(sentences(12), into: "c", store: store, encoder: CountingEncoder())
        #expect(report.removed == 8)
        let corpus = try store.requireCorpus(named: "c")
        #expect(corpus.itemCount == 12)
        #expect(try store.loadMatrix(of: corpus).rows == 12)
        #expect(try store.items(of: corpus, at: [11, 12]).map(\.position) == [11])
    }

    @Test func anEditedLineIsReencodedAndOthersAreNot() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        var texts = sentences(10)
        try index(texts, into: "c", store: store, encoder: CountingEncoder())
        texts[3] = "a changed line"
        let encoder = CountingEncoder()
        let report = try index(texts, into: "c", store: store, encoder: encoder)
        #expect(encoder.encodedTexts == ["a changed line"])
        #expect(report.unchanged == 9)
    }

    @Test func twoModelsNeverShareVectors() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        try index(["same"], into: "a", store: store, encoder: encoder, model: testModel(weights: "w1"))
        try index(["same"], into: "b", store: store, encoder: encoder, model: testModel(weights: "w2"))
        #expect(encoder.encodedCount == 2)
    }

    @Test func f16CorpusReusesStoredF32VectorsWithoutEncoding() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        try index(sentences(10), into: "full", store: store, encoder: encoder)
        let report = try index(sentences(10), into: "half", store: store, encoder: encoder, precision: .f16)
        #expect(encoder.encodedCount == 10)
        #expect(report.converted == 10)
        let half = try store.requireCorpus(named: "half")
        #expect(half.precision == .f16)
        let stored = try #require(try store.vector(of: sentences(10)[4], model: half.model, precision: .f16))
        let exact = CountingEncoder.vector(for: sentences(10)[4], dimension: 8)
        try #require(stored.count == exact.count)
        // Round to nearest: within half an ulp of binary16 at the value, and exactly the value
        // Swift's own `Float16` rounds to (ties to even), which the bound alone cannot pin down.
        for (a, b) in zip(stored, exact) {
            #expect(abs(a - b) <= Float(Float16(b).ulp) / 2, "\(b) stored as \(a)")
            #expect(a == Float(Float16(b)), "\(b) stored as \(a)")
        }
    }

    @Test func wrongModelErrorNamesTheCorpusModel() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: testModel(name: "all-MiniLM-L6-v2"))
        let error = try #require(throws: VectorCacheError.self) {
            try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: testModel(name: "other", weights: "w9"))
        }
        #expect(error.description.contains("built with model all-MiniLM-L6-v2"))
        let corpus = try store.requireCorpus(named: "c")
        #expect(throws: VectorCacheError.self) { try store.check(corpus, isFor: testModel(name: "other", weights: "w9")) }
        try store.check(corpus, isFor: testModel(name: "all-MiniLM-L6-v2"))
    }

    @Test func precisionMismatchIsRefused() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), precision: .f16)
        let error = try #require(throws: VectorCacheError.self) {
            try index(["a"], into: "c", store: store, encoder: CountingEncoder(), precision: .f32)
        }
        #expect(error == .precisionMismatch(corpus: "c", stored: .f16, requested: .f32))
        // Without --precision the corpus keeps its own.
        try index(["a", "b"], into: "c", store: store, encoder: CountingEncoder())
        #expect(try store.requireCorpus(named: "c").precision == .f16)
    }

    @Test func unknownCorpusListsKnownOnes() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "news", store: store, encoder: CountingEncoder())
        let error = try #require(throws: VectorCacheError.self) { try store.requireCorpus(named: "nwes") }
        #expect(error.description == "no corpus named \"nwes\"; known corpora: news")
    }

    @Test func idsAndMetadataAreStoredAndAChangeIsWritten() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        let indexer = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil, sources: ["x.jsonl"],
                                        encode: encoder.encode)
        try indexer.add(CorpusItem(text: "t", externalID: "pkg", metadata: #"{"section":"net"}"#))
        _ = try indexer.finish()
        let rerun = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil, sources: ["x.jsonl"],
                                      encode: encoder.encode)
        try rerun.add(CorpusItem(text: "t", externalID: "pkg2"))
        let report = try rerun.finish()
        #expect(report.unchanged == 0 && report.encoded == 0)
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.items(of: corpus, at: [0]).first?.item == CorpusItem(text: "t", externalID: "pkg2"))
        #expect(corpus.sources == ["x.jsonl"])
    }

    @Test func wrongVectorCountOrDimensionIsAnError() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let short = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil, sources: [],
                                      encode: { _ in [] })
        try short.add(CorpusItem(text: "a"))
        #expect(throws: VectorCacheError.encoderReturnedWrongCount(expected: 1, got: 0)) { _ = try short.finish() }
        let narrow = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil, sources: [],
                                       encode: { texts in texts.map { _ in [1, 0] } })
        try narrow.add(CorpusItem(text: "a"))
        #expect(throws: VectorCacheError.wrongDimension(model: "test-model", expected: 8, got: 2)) { _ = try narrow.finish() }
    }
}
