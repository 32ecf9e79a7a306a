import Foundation
import Testing
import VectorCache

/// NaN and infinity never enter the cache, and one found in a file is reported, not ranked.
@Suite struct NonFiniteVectorTests {
    /// An encoder that gives `poisoned` texts a vector with `value` at component 3.
    static func encoder(poisoned: Set<String>, value: Float) -> CorpusIndexer.Encode {
        { texts in
            texts.map { text in
                var vector = CountingEncoder.vector(for: text, dimension: 8)
                if poisoned.contains(text) { vector[3] = value }
                return vector
            }
        }
    }

    /// Indexes 4 good texts, then a batch of 4 whose third is poisoned; returns the error.
    func failingRun(store: VectorStore, value: Float, precision: VectorPrecision) throws -> VectorCacheError? {
        let indexer = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: precision,
                                        sources: [], batchSize: 4,
                                        encode: Self.encoder(poisoned: ["bad\ntext with a newline"], value: value))
        do {
            for text in ["g0", "g1", "g2", "g3", "b0", "b1", "bad\ntext with a newline", "b3"] {
                try indexer.add(CorpusItem(text: text))
            }
            _ = try indexer.finish()
            return nil
        } catch let error as VectorCacheError {
            return error
        }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func aNonFiniteVectorFailsItsBatchAndStoresNothingOfIt(value: Float) throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let error = try #require(try failingRun(store: store, value: value, precision: .f32))
        guard case let .nonFiniteVector(_, text, _, component, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(text == "\"bad␊text with a newline\"")
        #expect(component == 3)
        #expect(!error.description.contains("\n"))
        let corpus = try store.requireCorpus(named: "c")
        // The first batch is kept; nothing of the second (not even its good texts) was stored.
        #expect(try store.vectorCount(model: corpus.model, precision: .f32) == 4)
        #expect(try store.items(of: corpus, at: Array(0..<8)).map(\.item.text) == ["g0", "g1", "g2", "g3"])
        #expect(try store.verify().isHealthy)
    }

    @Test func anF16OverflowIsRefusedNamingTheText() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let error = try #require(try failingRun(store: store, value: 70_000, precision: .f16))
        guard case let .nonFiniteVector(_, _, precision, component, value) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(precision == .f16 && component == 3 && value == 70_000)
        #expect(error.description.contains("does not fit f16") && error.description.contains("--precision f32"))
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.vectorCount(model: corpus.model, precision: .f16) == 4)
    }

    @Test func theLargestHalfStillFits() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        #expect(try failingRun(store: store, value: 65_504, precision: .f16) == nil)
        #expect(try store.verify().isHealthy)
    }

    /// Writes `blob` over the vector of the item at `position` of the only corpus.
    func plant(_ blob: String, at position: Int, cache: TemporaryCache) throws {
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.run("UPDATE vectors SET vector = \(blob) WHERE id = (SELECT vector FROM items WHERE position = \(position))")
    }

    /// Little-endian f32 bytes of `values` as an SQL blob literal.
    func blobLiteral(_ values: [Float]) -> String {
        "x'" + values.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } + "'"
    }

    @Test func verifyNamesTheCorpusAndPositionsOfPlantedNonFiniteVectors() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(10), into: "a", store: store, encoder: CountingEncoder())
        var poisoned = CountingEncoder.vector(for: "x", dimension: 8)
        poisoned[5] = .nan
        try plant(blobLiteral(poisoned), at: 2, cache: cache)
        poisoned[5] = -.infinity
        try plant(blobLiteral(poisoned), at: 7, cache: cache)
        let report = try store.verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("corpus \"a\": 2 item(s)") == true)
        #expect(report.problems.first?.contains("position(s) 2, 7") == true)
    }

    @Test func verifyFindsAnInfiniteF16Vector() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(3), into: "h", store: store, encoder: CountingEncoder(), precision: .f16)
        // 0x7C00 is +inf in binary16.
        try plant("x'" + String(repeating: "003c", count: 7) + "007c'", at: 1, cache: cache)
        let report = try store.verify()
        #expect(report.problems.contains { $0.contains("corpus \"h\"") && $0.contains("position(s) 1") })
    }

    @Test(arguments: [VectorPrecision.f32, .f16])
    func loadingAMatrixWithANonFiniteRowIsRefused(precision: VectorPrecision) throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(6), into: "a", store: store, encoder: CountingEncoder(), precision: precision)
        let blob = precision == .f32
            ? blobLiteral([1, 0, 0, .nan, 0, 0, 0, 0])
            : "x'003c00000000007e0000000000000000'"
        try plant(blob, at: 4, cache: cache)
        let corpus = try store.requireCorpus(named: "a")
        #expect {
            try store.loadMatrix(of: corpus)
        } throws: { error in
            "\(error)".contains("non-finite") && "\(error)".contains("position 4")
        }
    }

    @Test func anF16CorpusEncodesRatherThanConvertAStoredNonFiniteF32Vector() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["p", "q"], into: "full", store: store, encoder: CountingEncoder())
        try plant(blobLiteral([0, 0, .infinity, 0, 0, 0, 0, 0]), at: 1, cache: cache)
        let encoder = CountingEncoder()
        let report = try index(["p", "q"], into: "half", store: store, encoder: encoder, precision: .f16)
        #expect(encoder.encodedTexts == ["q"])
        #expect(report.converted == 1)
    }

    @Test func reindexingHealsAPlantedNonFiniteVectorForEveryCorpusUsingIt() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = sentences(6)
        try index(texts, into: "a", store: store, encoder: CountingEncoder())
        try index([texts[2], "other"], into: "b", store: store, encoder: CountingEncoder())
        try plant(blobLiteral([1, 0, 0, .nan, 0, 0, 0, 0]), at: 2, cache: cache)
        #expect(try store.verify().problems.count == 2)

        let encoder = CountingEncoder()
        let report = try index(texts, into: "a", store: store, encoder: encoder)
        #expect(encoder.encodedTexts == [texts[2]])
        #expect(report.unchanged == 5)
        #expect(try store.verify().problems == [])
        for name in ["a", "b"] {
            #expect(try store.loadMatrix(of: store.requireCorpus(named: name)).nonFiniteRows() == nil)
        }
        #expect(try store.vector(of: texts[2], model: store.requireCorpus(named: "a").model, precision: .f32)
                == CountingEncoder.vector(for: texts[2], dimension: 8))
    }
}
