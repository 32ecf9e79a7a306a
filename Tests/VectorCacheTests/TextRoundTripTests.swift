import Foundation
import Testing
import VectorCache

/// Texts, ids, metadata and names come back from the cache byte for byte, whatever they hold.
@Suite struct TextRoundTripTests {
    /// Embedded NULs (leading, inner, trailing, alone), a BOM inside, lone combining marks,
    /// 4-byte UTF-8, and the empty-looking edge cases around them.
    static let oddTexts = [
        "before\u{0}after",
        "\u{0}leading NUL",
        "trailing NUL\u{0}",
        "\u{0}",
        "\u{0}\u{0}\u{0}",
        "\u{FEFF}BOM inside",
        "inner \u{FEFF} BOM",
        "\u{0301}lone combining acute",
        "e\u{0301}\u{0308}\u{0323} stacked marks",
        "4-byte 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10FFFF}",
        "tab\tline\u{2028}separator",
    ]

    @Test func oddTextsIndexVerifyAndComeBackByteIdentical() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let indexer = try CorpusIndexer(store: store, corpus: "odd", model: testModel(), precision: nil,
                                        sources: ["odd.jsonl"], batchSize: 3, encode: CountingEncoder().encode)
        for (number, text) in Self.oddTexts.enumerated() {
            try indexer.add(CorpusItem(text: text, externalID: "id\u{0}\(number)", metadata: "{\"k\":\"v\u{0}\(number)\"}"))
        }
        #expect(try indexer.finish().items == Self.oddTexts.count)

        let verification = try store.verify()
        #expect(verification.problems == [])
        #expect(verification.itemsChecked == Self.oddTexts.count)

        let corpus = try store.requireCorpus(named: "odd")
        let stored = try store.items(of: corpus, at: Array(Self.oddTexts.indices))
        #expect(stored.map { Array($0.item.text.utf8) } == Self.oddTexts.map { Array($0.utf8) })
        #expect(stored.map(\.item.externalID) == Self.oddTexts.indices.map { "id\u{0}\($0)" })
        #expect(stored.map(\.item.metadata) == Self.oddTexts.indices.map { "{\"k\":\"v\u{0}\($0)\"}" })
        var streamed: [[UInt8]] = []
        try store.forEachItem(of: corpus) { streamed.append(Array($0.item.text.utf8)) }
        #expect(streamed == Self.oddTexts.map { Array($0.utf8) })
        // Each text keeps its own vector: a truncated text would have shared "before"'s.
        for text in Self.oddTexts {
            let vector = try store.vector(of: text, model: corpus.model, precision: .f32)
            #expect(vector == CountingEncoder.vector(for: text, dimension: 8))
        }
    }

    @Test func aRerunOfNulTextsFindsThemUnchanged() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(Self.oddTexts, into: "odd", store: store, encoder: CountingEncoder())
        let encoder = CountingEncoder()
        let again = try index(Self.oddTexts, into: "odd", store: store, encoder: encoder)
        #expect(encoder.encodedCount == 0)
        #expect(again.unchanged == Self.oddTexts.count)
    }

    @Test func textsDifferingOnlyAfterANulAreTwoItems() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder()
        try index(["same\u{0}one", "same\u{0}two", "same"], into: "c", store: store, encoder: encoder)
        #expect(encoder.encodedCount == 3)
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.items(of: corpus, at: [0, 1, 2]).map(\.item.text) == ["same\u{0}one", "same\u{0}two", "same"])
        #expect(try store.verify().isHealthy)
    }

    /// Swift's `==` calls "é" and "e\u{301}" equal; the cache must not.
    @Test func anIdOrTextChangedOnlyInNormalizationIsRewritten() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        func run(_ text: String, id: String, metadata: String) throws -> CorpusIndexer.Report {
            let indexer = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil,
                                            sources: [], encode: CountingEncoder().encode)
            try indexer.add(CorpusItem(text: text, externalID: id, metadata: metadata))
            return try indexer.finish()
        }
        _ = try run("caf\u{E9}", id: "caf\u{E9}", metadata: "{\"k\":\"caf\u{E9}\"}")
        let again = try run("caf\u{E9}", id: "cafe\u{301}", metadata: "{\"k\":\"cafe\u{301}\"}")
        #expect(again.unchanged == 0)
        let corpus = try store.requireCorpus(named: "c")
        let item = try #require(try store.items(of: corpus, at: [0]).first).item
        #expect(Array(item.externalID?.utf8 ?? "".utf8) == Array("cafe\u{301}".utf8))
        #expect(Array(item.metadata?.utf8 ?? "".utf8) == Array("{\"k\":\"cafe\u{301}\"}".utf8))
        let text = try run("cafe\u{301}", id: "cafe\u{301}", metadata: "{\"k\":\"cafe\u{301}\"}")
        #expect(text.unchanged == 0 && text.encoded == 1)
        #expect(Array(try #require(try store.items(of: corpus, at: [0]).first).item.text.utf8) == Array("cafe\u{301}".utf8))
    }

    @Test func emptyTextsStayEmptyNotNull() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let indexer = try CorpusIndexer(store: store, corpus: "c", model: testModel(), precision: nil,
                                        sources: [], encode: CountingEncoder().encode)
        try indexer.add(CorpusItem(text: "", externalID: "", metadata: ""))
        _ = try indexer.finish()
        let corpus = try store.requireCorpus(named: "c")
        let item = try #require(try store.items(of: corpus, at: [0]).first).item
        #expect(item == CorpusItem(text: "", externalID: "", metadata: ""))
    }

    @Test func corpusAndModelNamesKeepEveryByte() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let name = "naïve 😀 e\u{0301}"
        let model = testModel(name: "model\u{0}with NUL")
        try index(["a"], into: name, store: store, encoder: CountingEncoder(), model: model)
        let corpus = try store.requireCorpus(named: name)
        #expect(corpus.name == name)
        #expect(corpus.model.name == "model\u{0}with NUL")
        #expect(try store.corpora().map(\.name) == [name])
    }
}
