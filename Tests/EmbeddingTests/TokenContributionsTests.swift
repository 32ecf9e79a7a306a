import Embedding
import Foundation
import Inference
import Testing
import TestSupport

/// The shares must add up exactly: to the cosine toward the other sentence, and to 1 for
/// self-shares, for every pooling mode, on real token states of both test models.
struct TokenContributionsTests {
    /// The last two pairs are in both models' reference embeddings, the first two in
    /// all-MiniLM-L6-v2's: their cosine is checked against sentence-transformers'.
    static let sentences = [
        ("A man is slicing a vegetable.", "A person is chopping an herb."),
        ("Chinese shares close lower on Wednesday", "A dog runs on brown grass."),
        ("Café déjà vu — naïve résumé", "don't can't won't"),
        ("", "Each sentence is converted"),
    ]

    static func models() throws -> [SentenceTransformer] {
        [try SentenceTransformerParityTests.tiny.get(), try SentenceTransformerParityTests.miniLM.get()]
    }

    /// Each model with the cosines of its reference embeddings.
    static func modelsWithReferences() throws -> [(SentenceTransformer, ReferenceCosines)] {
        [(try SentenceTransformerParityTests.tiny.get(), try ReferenceCosines(directory: Fixtures.tinyReference)),
         (try SentenceTransformerParityTests.miniLM.get(), try ReferenceCosines(directory: Fixtures.miniLMReference))]
    }

    @Test(arguments: PoolingMode.allCases)
    func sharesSumToTheCosine(pooling: PoolingMode) throws {
        for (model, reference) in try Self.modelsWithReferences() {
            for (a, b) in Self.sentences {
                let encoded = try model.encodeWithStates([a, b])
                let contributions = TokenContributions(pooling: pooling)
                let u = pooling.pool(encoded[0].states), v = pooling.pool(encoded[1].states)
                let cosine = VectorMath.cosine(u, v)
                let sharesA = contributions.shares(of: encoded[0].states, toward: v)
                let sharesB = contributions.shares(of: encoded[1].states, toward: u)
                #expect(sharesA.count == encoded[0].states.tokenCount)
                #expect(abs(sharesA.reduce(0, +) - cosine) <= 1e-5, "\(model.name) \(pooling) A: \(sharesA.reduce(0, +)) vs \(cosine)")
                #expect(abs(sharesB.reduce(0, +) - cosine) <= 1e-5, "\(model.name) \(pooling) B")
                // In the model's own pooling the cosine is sentence-transformers' too.
                if Pooling(pooling) == model.pooling, let expected = reference.cosine(a, b) {
                    #expect(abs(sharesA.reduce(0, +) - expected) <= 1e-4, "\(model.name) A vs the reference")
                }
                let pairs = contributions.pairMatrix(encoded[0].states, encoded[1].states)
                #expect(abs(pairs.joined().reduce(0, +) - cosine) <= 1e-5, "\(model.name) \(pooling) pairs")
                for states in [encoded[0].states, encoded[1].states] {
                    #expect(abs(contributions.selfShares(of: states).reduce(0, +) - 1) <= 1e-5)
                }
            }
        }
    }

    @Test func clsPoolingCreditsEverythingToCLS() throws {
        let model = try SentenceTransformerParityTests.tiny.get()
        let encoded = try model.encodeWithStates(["one two three", "four five"])
        let shares = TokenContributions(pooling: .cls).shares(of: encoded[0].states, toward: PoolingMode.cls.pool(encoded[1].states))
        #expect(shares.dropFirst().allSatisfy { $0 == 0 })
        #expect(shares[0] != 0)
    }

    /// The explanation's cosine, and so what its shares sum to, is sentence-transformers'
    /// cosine of the two reference embeddings (both models pool by mean, as the reference does).
    @Test func explanationWordsKeepTheSum() throws {
        for (model, reference) in try Self.modelsWithReferences() {
            var checkedAgainstReference = 0
            for (a, b) in Self.sentences {
                let encoded = try model.encodeWithStates([a, b])
                let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
                if let expected = reference.cosine(a, b) {
                    #expect(abs(Double(e.score) - expected) <= 1e-4, "\(model.name): \(e.score) vs \(expected)")
                    checkedAgainstReference += 1
                }
                for side in [e.a, e.b] {
                    #expect(abs(side.wordShares.reduce(0, +) - e.score) <= 1e-5)
                    #expect(abs(side.shares.reduce(0, +) - e.score) <= 1e-5)
                    #expect(side.words.map(\.tokenRange.count).reduce(0, +) == side.tokens.count)
                }
            }
            #expect(checkedAgainstReference >= 2, "\(model.name): too few pairs in the reference")
        }
    }

    /// Shares recomputed from the reference hidden states (last layer, mean over tokens), in
    /// Double and without the library, agree with the library's shares.
    @Test func sharesAgreeWithAnIndependentComputationFromReferenceStates() throws {
        let reference = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("hidden_states.jsonl"), as: ReferenceHiddenStates.self)
        try #require(reference.count == 2)
        let lastA = try #require(reference[0].hidden_states.last), lastB = try #require(reference[1].hidden_states.last)
        func mean(_ rows: [[Float]]) -> [Double] {
            (0..<rows[0].count).map { d in rows.reduce(0.0) { $0 + Double($1[d]) } / Double(rows.count) }
        }
        let u = mean(lastA), v = mean(lastB)
        let normU = u.reduce(0) { $0 + $1 * $1 }.squareRoot(), normV = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let expected = lastA.map { row in
            zip(row, v).reduce(0.0) { $0 + Double($1.0) * $1.1 } / (Double(lastA.count) * normU * normV)
        }

        let model = try SentenceTransformerParityTests.miniLM.get()
        let encoded = try model.encodeWithStates([reference[0].text, reference[1].text])
        let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
        try #require(e.a.shares.count == expected.count)
        for (got, want) in zip(e.a.shares, expected) {
            #expect(abs(got - want) <= 1e-4, "share \(got) vs \(want)")
        }
    }
}
