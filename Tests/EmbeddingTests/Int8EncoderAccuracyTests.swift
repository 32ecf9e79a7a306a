import Embedding
import Foundation
import Inference
import Testing
import TestSupport

/// The int8 encoder (`EncoderPrecision.int8`) against the float32 one: every reference text's
/// sentence vector within cosine 0.99 of its float32 vector, for the tiny fixture families
/// and the real all-MiniLM-L6-v2 and all-mpnet-base-v2; and int8 vectors fingerprinted apart.
@Suite("int8 encoder accuracy")
struct Int8EncoderAccuracyTests {
    /// The lowest cosine between the float32 and int8 sentence vectors of `model`'s 340
    /// reference texts (`reference/<name>/tokens.jsonl`).
    private func lowestCosine(model directory: URL, reference: URL) throws -> (lowest: Double, mean: Double) {
        let texts = try readJSONLines(reference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self).map(\.text)
        try #require(texts.count == 340)
        let float = try SentenceTransformer(modelDirectory: directory, threadCount: 2)
        let int8 = try SentenceTransformer(modelDirectory: directory, threadCount: 2, precision: .int8)
        #expect(int8.model.precision == .int8 && float.model.precision == .float32)
        let expected = try float.encode(texts, prompt: .text(""))
        let computed = try int8.encode(texts, prompt: .text(""))
        try #require(expected.count == texts.count && computed.count == texts.count)
        let cosines = zip(expected, computed).map { referenceCosine($0, $1) }
        for (index, cosine) in cosines.enumerated() where cosine < 0.99 {
            Issue.record("text \(index) \(texts[index].prefix(40).debugDescription): cosine \(cosine)")
        }
        return (cosines.min() ?? 0, cosines.reduce(0, +) / Double(cosines.count))
    }

    @Test(
        "tiny families: every reference text within cosine 0.99 of float32",
        arguments: ["tiny-bert-mean", "tiny-mpnet", "tiny-roberta-bpe", "tiny-xlmr-unigram", "tiny-distilbert-dense-prompts"])
    func tinyFamilies(name: String) throws {
        let result = try lowestCosine(
            model: Fixtures.root.appendingPathComponent("models/\(name)"),
            reference: Fixtures.root.appendingPathComponent("reference/\(name)"))
        print("\(name) int8 vs float32: lowest cosine \(result.lowest), mean \(result.mean)")
        #expect(result.lowest >= 0.99)
    }

    /// The lowest and mean cosine between `model`'s int8 sentence vectors and the float32
    /// vectors sentence-transformers gave for the 340 reference texts (`embeddings.jsonl`;
    /// the float32 encoder matches them within 1e-5, tested apart), so that only the int8
    /// encoder runs here.
    private func cosineToReference(
        model directory: URL, reference: URL, floor: Double
    ) throws -> (lowest: Double, mean: Double) {
        let expected = try readJSONLines(reference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try #require(expected.count == 340)
        let int8 = try SentenceTransformer(modelDirectory: directory, threadCount: 2, precision: .int8)
        let computed = try int8.encode(expected.map(\.text), prompt: .text(""))
        try #require(computed.count == expected.count)
        let cosines = zip(expected, computed).map { referenceCosine($0.embedding, $1) }
        for (index, cosine) in cosines.enumerated() where cosine < floor {
            Issue.record("text \(index) \(expected[index].text.prefix(40).debugDescription): cosine \(cosine)")
        }
        return (cosines.min() ?? 0, cosines.reduce(0, +) / Double(cosines.count))
    }

    // The issue's target is cosine ≥ 0.99 for every text. Measured (release, 2026-11-30, one
    // scale per block of 64 inputs for both the inputs and the weights of every product):
    // MiniLM lowest 0.9971 ("" and " ", special tokens only), mean 0.99941; all-mpnet-base-v2
    // lowest 0.9941 (the 384-token "long long …"), mean 0.99959. (With one weight scale per
    // output row they were 0.9945 / 0.9991 and 0.9777 / 0.9989: mpnet's feed-forward output
    // rows of 3072 inputs lost the most.) The floors sit just under what was measured, so a
    // regression fails.
    @Test("all-MiniLM-L6-v2: every reference text within cosine 0.996 of float32, mean ≥ 0.9993")
    func miniLM() throws {
        let result = try cosineToReference(model: Fixtures.miniLMModel, reference: Fixtures.miniLMReference, floor: 0.996)
        print("all-MiniLM-L6-v2 int8 vs float32: lowest cosine \(result.lowest), mean \(result.mean)")
        #expect(result.lowest >= 0.996 && result.mean >= 0.9993)
    }

    @Test("all-mpnet-base-v2: every reference text within cosine 0.993 of float32, mean ≥ 0.9995")
    func mpnet() throws {
        let result = try cosineToReference(model: Fixtures.mpnetModel, reference: Fixtures.mpnetReference, floor: 0.993)
        print("all-mpnet-base-v2 int8 vs float32: lowest cosine \(result.lowest), mean \(result.mean)")
        #expect(result.lowest >= 0.993 && result.mean >= 0.9995)
    }

    @Test("int8 adds one fingerprint component; float32's components are unchanged")
    func fingerprint() throws {
        let float = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1)
        let int8 = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1, precision: .int8)
        var expected = float.fingerprintComponents()
        #expect(expected[SentenceTransformer.precisionComponent] == nil)
        // The scheme is named, so int8 vectors of the earlier scheme (one weight scale per row) are not reused.
        expected[SentenceTransformer.precisionComponent] = "int8 (weights and inputs, one scale per 64 inputs)"
        #expect(int8.fingerprintComponents() == expected)
    }
}
