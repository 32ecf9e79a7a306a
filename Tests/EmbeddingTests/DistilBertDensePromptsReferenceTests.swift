import Embedding
import Foundation
import Testing
import TestSupport

/// The DistilBERT fixture end to end: Pooling(mean, include_prompt false) → Dense 32→16 Tanh
/// → Normalize, with prompts and default_prompt_name "query", against sentence-transformers.
@Suite struct DistilBertDensePromptsReferenceTests {
    static let model = Result {
        try SentenceTransformer(modelDirectory: Fixtures.root.appendingPathComponent("models/tiny-distilbert-dense-prompts"))
    }
    static let reference = Fixtures.root.appendingPathComponent("reference/tiny-distilbert-dense-prompts")

    /// embeddings.jsonl is the default prompt ("query"), the others name theirs.
    @Test(arguments: [("embeddings.jsonl", PromptChoice.modelDefault), ("embeddings-query.jsonl", .named("query")),
                      ("embeddings-passage.jsonl", .named("passage"))])
    func embeddingsMatch(file: String, prompt: PromptChoice) throws {
        let model = try Self.model.get()
        let expected = try readJSONLines(Self.reference.appendingPathComponent(file), as: ReferenceEmbedding.self)
        let vectors = try model.encode(expected.map(\.text), prompt: prompt, batchSize: 16)
        try #require(vectors.count == expected.count)
        var worst: Float = 0
        for (vector, row) in zip(vectors, expected) {
            let difference = maxAbsoluteDifference(vector, row.embedding)
            worst = max(worst, difference)
            #expect(difference <= 1e-5, "\(file) \(row.text.debugDescription): \(difference)")
        }
        #expect(worst <= 1e-5)
    }

    @Test func theModelIsReadAsConfigured() throws {
        let model = try Self.model.get()
        #expect(model.modelFamily == "distilbert")
        #expect(model.pooling == Pooling(modes: [.mean], includesPrompt: false))
        #expect(model.modules.map(\.summary) == ["Dense 32→16 Tanh", "Normalize"])
        #expect(model.dimension == 16 && model.normalizes)
        #expect(try model.resolvePrompt(.modelDefault) == ResolvedPrompt(name: "query", text: "query: "))
        // "document" is defined but empty: encode_document's first candidate, and no prompt at all.
        #expect(model.documentPromptChoice == .named("document"))
        #expect(try model.resolvePrompt(model.documentPromptChoice).text.isEmpty)
    }

    @Test func similarityMatches() throws {
        let model = try Self.model.get()
        let reference = try JSONDecoder().decode(
            ReferenceSimilarity.self, from: Data(contentsOf: Self.reference.appendingPathComponent("similarity.json")))
        #expect(model.similarityFunction.name == reference.similarity_fn_name)
        let matrix = model.similarityFunction.matrix(try model.encode(reference.texts))
        for (row, expectedRow) in zip(matrix, reference.matrix) {
            for (value, expected) in zip(row, expectedRow) {
                #expect(abs(value - expected) <= 1e-5, "\(value) vs \(expected)")
            }
        }
    }

    /// Tanh makes the split inexact: the explanation says so and sums to the pooled cosine.
    @Test func explanationIsLabelled() throws {
        let model = try Self.model.get()
        let encoded = try model.encodeWithStates(["A man is playing a guitar.", "Someone plays music."])
        let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
        #expect(!e.isExact && e.sharedQuantity == "cosine of the pooled vectors")
        #expect(abs(e.a.shares.reduce(0, +) - e.sharesTotal) <= 1e-6)
        #expect(e.a.shares.prefix(encoded[0].excludedTokenCount).allSatisfy { $0 == 0 })
        #expect(encoded[0].excludedTokenCount == 3)
    }
}
