import Embedding
import Foundation
import Testing
import TestSupport

/// Every Pooling mode (alone and concatenated, with include_prompt false), Dense (Tanh, GELU,
/// Identity, with and without bias), Normalize in any order, prompts and similarity functions,
/// in both layouts, against sentence-transformers' own outputs
/// (`Tests/Fixtures/generators/make_module_variants.py`).
@Suite struct ModulePipelineReferenceTests {
    static let variants = ["cls-dot", "max-euclidean", "mean-manhattan", "sqrt-dot", "weightedmean-cosine",
                           "lasttoken-cosine", "dense-tanh-prompts", "concat-identity-dot", "legacy-cls-mean-dense-gelu"]

    static func model(_ name: String) throws -> SentenceTransformer {
        try SentenceTransformer(modelDirectory: Fixtures.root.appendingPathComponent("models/modules/\(name)"))
    }

    static func reference(_ name: String) -> URL {
        Fixtures.root.appendingPathComponent("reference/modules/\(name)")
    }

    /// The default prompt and every named prompt the reference has, each within 1e-5.
    @Test(arguments: variants)
    func embeddingsMatchTheReference(variant: String) throws {
        let model = try Self.model(variant)
        let folder = Self.reference(variant)
        var files: [(String, PromptChoice)] = [("embeddings.jsonl", .modelDefault)]
        for name in model.promptNames where FileManager.default.fileExists(atPath: folder.appendingPathComponent("embeddings-\(name).jsonl").path) {
            files.append(("embeddings-\(name).jsonl", .named(name)))
        }
        #expect(files.count > 1 || variant.hasPrefix("legacy"), "\(variant): no prompted reference")
        for (file, prompt) in files {
            let reference = try readJSONLines(folder.appendingPathComponent(file), as: ReferenceEmbedding.self)
            let vectors = try model.encode(reference.map(\.text), prompt: prompt, batchSize: 7)
            #expect(vectors.count == reference.count)
            for (vector, expected) in zip(vectors, reference) {
                #expect(vector.count == expected.embedding.count, "\(variant) \(file): dimension")
                let difference = maxAbsoluteDifference(vector, expected.embedding)
                #expect(difference <= 1e-5, "\(variant) \(file) \(expected.text.debugDescription): \(difference)")
            }
        }
    }

    /// The model's similarity function gives sentence-transformers' `model.similarity` matrix.
    @Test(arguments: variants)
    func similarityMatchesTheReference(variant: String) throws {
        let model = try Self.model(variant)
        let reference = try JSONDecoder().decode(
            ReferenceSimilarity.self, from: Data(contentsOf: Self.reference(variant).appendingPathComponent("similarity.json")))
        #expect(model.similarityFunction.name == reference.similarity_fn_name)
        let matrix = model.similarityFunction.matrix(try model.encode(reference.texts))
        for (row, expectedRow) in zip(matrix, reference.matrix) {
            for (value, expected) in zip(row, expectedRow) {
                // Distances grow with the vectors: compare relative to their size.
                #expect(abs(value - expected) <= 1e-5 * max(1, abs(expected)), "\(variant): \(value) vs \(expected)")
            }
        }
    }

    @Test func modulesAreReadInOrder() throws {
        let chain = try Self.model("concat-identity-dot")
        #expect(chain.pooling.modes == [.cls, .max, .mean, .meanSqrtLengthTokens, .weightedMean, .lastToken])
        #expect(!chain.pooling.includesPrompt)
        #expect(chain.modules.map(\.summary) == ["Dense 192→24 Identity", "Normalize", "Dense 24→8 Identity no-bias"])
        #expect(chain.pooledDimension == 192 && chain.dimension == 8)
        #expect(!chain.normalizes)  // Normalize is not last
        let legacy = try Self.model("legacy-cls-mean-dense-gelu")
        #expect(legacy.pooling.modes == [.cls, .mean])
        #expect(legacy.modules.map(\.summary) == ["Dense 64→12 GELU", "Normalize"])
        #expect(legacy.normalizes && legacy.similarityFunction == .cosine)
    }

    /// The default prompt applies when none is given; a literal "" overrides it.
    @Test func defaultPromptAndOverrides() throws {
        let model = try Self.model("dense-tanh-prompts")
        #expect(try model.resolvePrompt(.modelDefault) == ResolvedPrompt(name: "query", text: "query: "))
        let plain = try model.encode(["a dog"], prompt: .modelDefault)[0]
        let named = try model.encode(["a dog"], prompt: .named("query"))[0]
        let literal = try model.encode(["a dog"], prompt: .text("query: "))[0]
        let none = try model.encode(["a dog"], prompt: .text(""))[0]
        #expect(plain == named && named == literal)
        #expect(none != plain)
        #expect(model.documentPromptChoice == .named("document"))
        #expect(model.queryPromptChoice == .named("query"))
        // "query: " is [CLS] query : — three tokens left out of pooling.
        #expect(model.promptTokenCount("query: ") == 3)
    }

    @Test func similarityFunctionsAreNegativeDistances() {
        let a: [Float] = [1, 2, 3], b: [Float] = [4, 0, 3]
        #expect(SimilarityFunction.euclidean.score(a, b) == -(13.0).squareRoot())
        #expect(SimilarityFunction.manhattan.score(a, b) == -5)
        #expect(SimilarityFunction.dot.score(a, b) == 13)
        #expect(abs(SimilarityFunction.cosine.score(a, b) - 13 / (14.0.squareRoot() * 5)) < 1e-12)
    }
}
