import Embedding
import Foundation
import Testing
import TestSupport

/// Each family end to end, as users call it — `SentenceTransformer(path).encode(texts)`: the
/// model's own tokenizer, encoder, pooling and modules against sentence-transformers' outputs
/// on the 340 reference texts (token ids, vectors, the similarity matrix).
@Suite struct FamilyParityTests {
    static let tinyFamilies = ["tiny-xlmr-unigram", "tiny-roberta-bpe", "tiny-mpnet", "tiny-distilbert-dense-prompts"]

    static func modelDirectory(_ name: String) -> URL {
        Fixtures.root.appendingPathComponent("models/\(name)")
    }

    static func referenceFolder(_ name: String) -> URL {
        Fixtures.root.appendingPathComponent("reference/\(name)")
    }

    @Test("token ids, vectors and similarities of each tiny family", arguments: tinyFamilies)
    func tinyFamily(name: String) throws {
        let model = try SentenceTransformer(modelDirectory: Self.modelDirectory(name))
        try expectParity(model, reference: Self.referenceFolder(name), batchSize: 7)
    }

    /// Needs the real model: `make model MODEL=all-mpnet-base-v2` (`make test` installs it).
    @Test("all-mpnet-base-v2 end to end")
    func allMPNetBase() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.mpnetModel)
        #expect(model.modelFamily == "mpnet" && model.maxSequenceLength == 384 && model.dimension == 768)
        try expectParity(model, reference: Fixtures.mpnetReference, batchSize: 32)
    }

    private func expectParity(_ model: SentenceTransformer, reference: URL, batchSize: Int) throws {
        // Token ids through the model (its max_seq_length and prompt handling included).
        let tokens = try readJSONLines(reference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        try #require(tokens.count == 340)
        let differingIds = tokens.filter { model.tokenize($0.text).ids != $0.ids }.map { String($0.text.prefix(40)) }
        #expect(differingIds.isEmpty, "\(model.name): \(differingIds.count) texts tokenize differently: \(differingIds.prefix(5))")

        // Vectors, with the model's default prompt as `encode` applies it.
        let expected = try readJSONLines(reference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try #require(expected.count == 340)
        let vectors = try model.encode(expected.map(\.text), batchSize: batchSize)
        try #require(vectors.count == expected.count)
        var worstDifference: Float = 0, worstCosine = 1.0
        var off: [String] = []
        for (vector, row) in zip(vectors, expected) {
            let difference = maxAbsoluteDifference(vector, row.embedding)
            let cosine = referenceCosine(vector, row.embedding)
            worstDifference = max(worstDifference, difference)
            worstCosine = min(worstCosine, cosine)
            if difference > 1e-5 || cosine < 0.99999 { off.append("\(row.text.prefix(40).debugDescription): \(difference)") }
        }
        print("\(model.name): worst |Δ| \(worstDifference), lowest cosine \(worstCosine) over 340 texts")
        #expect(off.isEmpty, "\(model.name): \(off.count) vectors off: \(off.prefix(5))")

        // The similarity matrix with the model's own function.
        let similarity = try JSONDecoder().decode(
            ReferenceSimilarity.self, from: Data(contentsOf: reference.appendingPathComponent("similarity.json")))
        #expect(model.similarityFunction.name == similarity.similarity_fn_name)
        let matrix = model.similarityFunction.matrix(try model.encode(similarity.texts))
        try #require(matrix.count == similarity.matrix.count)
        for (row, expectedRow) in zip(matrix, similarity.matrix) {
            for (value, expectedValue) in zip(row, expectedRow) {
                #expect(abs(value - expectedValue) <= 1e-5 * max(1, abs(expectedValue)), "\(model.name): \(value) vs \(expectedValue)")
            }
        }
    }
}
