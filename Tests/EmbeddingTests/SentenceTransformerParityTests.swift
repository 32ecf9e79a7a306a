import Embedding
import Foundation
import Testing
import TestSupport

/// Vectors must match sentence-transformers' `model.encode(texts)` for every reference text.
@Suite struct SentenceTransformerParityTests {
    static let miniLM = Result { try SentenceTransformer(modelDirectory: Fixtures.miniLMModel) }
    static let tiny = Result { try SentenceTransformer(modelDirectory: Fixtures.tinyModel) }

    @Test("all-MiniLM-L6-v2 matches the reference embeddings", arguments: [1, 7, 32])
    func miniLMEmbeddings(batchSize: Int) throws {
        let model = try Self.miniLM.get()
        let reference = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try expectMatches(model: model, reference: reference, batchSize: batchSize)
    }

    @Test("tiny v6-layout BERT matches the reference embeddings", arguments: [1, 7, 32])
    func tinyEmbeddings(batchSize: Int) throws {
        let model = try Self.tiny.get()
        let reference = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try expectMatches(model: model, reference: reference, batchSize: batchSize)
    }

    @Test func modelSettingsComeFromTheRightFiles() throws {
        let miniLM = try Self.miniLM.get()
        #expect(miniLM.maxSequenceLength == 256)  // sentence_bert_config.json (legacy)
        #expect(miniLM.dimension == 384)
        #expect(miniLM.pooling == Pooling(.mean))
        #expect(miniLM.normalizes)

        let tiny = try Self.tiny.get()
        #expect(tiny.maxSequenceLength == 64)  // tokenizer_config.json model_max_length (v6)
        #expect(tiny.dimension == 32)
        #expect(tiny.pooling == Pooling(.mean))
        #expect(!tiny.normalizes)
    }

    @Test("the model's tokenization gives the reference ids, truncation included")
    func tokenIdsThroughTheModel() throws {
        for (model, folder) in [(try Self.miniLM.get(), Fixtures.miniLMReference), (try Self.tiny.get(), Fixtures.tinyReference)] {
            let reference = try readJSONLines(folder.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
            var mismatches: [String] = []
            for row in reference where model.tokenize(row.text).ids != row.ids {
                mismatches.append(String(row.text.prefix(60)))
            }
            #expect(mismatches.isEmpty, "\(model.name): \(mismatches.count) texts differ: \(mismatches.prefix(5))")
        }
    }

    @Test func aVectorDoesNotDependOnItsBatch() throws {
        let model = try Self.miniLM.get()
        let texts = ["A man is playing a guitar.", "", "Short", String(repeating: "long text ", count: 60),
                     "Each sentence is converted", "The cat sat on the mat while the dog slept."]
        let alone = try texts.map { try model.encode([$0])[0] }
        let together = try model.encode(texts, batchSize: 32)
        for (a, b) in zip(alone, together) {
            #expect(maxAbsoluteDifference(a, b) <= 1e-5)
        }
    }

    private func expectMatches(model: SentenceTransformer, reference: [ReferenceEmbedding], batchSize: Int) throws {
        #expect(reference.count == 340)
        let vectors = try model.encode(reference.map(\.text), batchSize: batchSize)
        try #require(vectors.count == reference.count)
        var worstDifference: Float = 0
        var worstCosine = 1.0
        var failures: [String] = []
        for (vector, row) in zip(vectors, reference) {
            let difference = maxAbsoluteDifference(vector, row.embedding)
            let cosine = referenceCosine(vector, row.embedding)
            worstDifference = max(worstDifference, difference)
            worstCosine = min(worstCosine, cosine)
            if difference > 1e-4 || cosine < 0.99999 {
                failures.append("\(row.text.prefix(40).debugDescription): max diff \(difference), cosine \(cosine)")
            }
        }
        #expect(failures.isEmpty, "\(model.name), batch \(batchSize): \(failures.count) texts off: \(failures.prefix(5))")
        print("\(model.name) batch \(batchSize): worst max-abs diff \(worstDifference), worst cosine \(worstCosine)")
    }
}
