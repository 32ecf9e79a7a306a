import Testing
import VectorCache

/// A corpus indexed with the float32 encoder, asked for by the int8 one (or the other way
/// round), is refused with a message that names the flag, not "another model".
@Suite struct EncoderPrecisionMismatchTests {
    private let int8Scheme = "int8 (weights and inputs, one scale per 64 inputs)"

    private func model(precision: String?, weights: String = "w1") -> ModelIdentity {
        var components = ["pooling": "mean"]
        if let precision { components[ModelIdentity.encoderPrecisionComponent] = precision }
        return testModel(name: "all-MiniLM-L6-v2", weights: weights, components: components)
    }

    @Test func float32CorpusAskedForByTheInt8Encoder() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: model(precision: nil))
        let corpus = try store.requireCorpus(named: "c")
        let error = try #require(throws: VectorCacheError.self) { try store.check(corpus, isFor: model(precision: int8Scheme)) }
        #expect(error == .encoderMismatch(corpus: "c", model: "all-MiniLM-L6-v2", stored: "float32", requested: int8Scheme))
        #expect(error.description == "corpus \"c\" holds vectors of model all-MiniLM-L6-v2's float32 encoder, not its int8 encoder; "
            + "drop --quantize to use it, or index the texts into another corpus with --quantize")
    }

    @Test func int8CorpusAskedForByTheFloat32Encoder() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: model(precision: int8Scheme))
        // The indexing path (a ModelRecord) says the same as the identity check.
        let error = try #require(throws: VectorCacheError.self) {
            try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: model(precision: nil))
        }
        #expect(error == .encoderMismatch(corpus: "c", model: "all-MiniLM-L6-v2", stored: int8Scheme, requested: "float32"))
        #expect(error.description.hasSuffix("pass --quantize int8 to use it, or index the texts into another corpus without --quantize"))
    }

    @Test func otherWeightsAsWellIsAnotherModel() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: model(precision: nil))
        let corpus = try store.requireCorpus(named: "c")
        let error = try #require(throws: VectorCacheError.self) {
            try store.check(corpus, isFor: model(precision: int8Scheme, weights: "w2"))
        }
        guard case .modelMismatch = error else {
            Issue.record("expected modelMismatch, got \(error)")
            return
        }
    }

    @Test func sameEncoderPasses() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(["a"], into: "c", store: store, encoder: CountingEncoder(), model: model(precision: int8Scheme))
        try store.check(try store.requireCorpus(named: "c"), isFor: model(precision: int8Scheme))
        // `cache list` names the encoder from the recorded components.
        #expect(try store.requireCorpus(named: "c").model.quantizedEncoder == "int8")
        try index(["a"], into: "f", store: store, encoder: CountingEncoder(), model: model(precision: nil, weights: "w3"))
        #expect(try store.requireCorpus(named: "f").model.quantizedEncoder == nil)
    }
}
