import Embedding
import Foundation
import Testing
import TestSupport

/// Explanations stay honest through every module pipeline: shares sum exactly to the score
/// where an exact split exists, and are labelled as a stand-in where it does not.
@Suite struct TokenContributionsModuleTests {
    static let pairs = [("query: A man is slicing a vegetable.", "A person is chopping an herb."),
                        ("Café déjà vu — naïve résumé", "don't can't won't"),
                        ("", "Each sentence is converted")]

    /// Variants whose score splits exactly: every pooling over cosine or dot, through affine Dense.
    static let exact = ["cls-dot", "sqrt-dot", "weightedmean-cosine", "lasttoken-cosine", "concat-identity-dot"]

    @Test(arguments: exact)
    func sharesSumToTheScore(variant: String) throws {
        let model = try ModulePipelineReferenceTests.model(variant)
        for prompt in [PromptChoice.modelDefault, .named("query")] {
            for (a, b) in Self.pairs {
                let encoded = try model.encodeWithStates([a, b], prompt: prompt)
                let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
                #expect(e.isExact && e.inexactReason == nil)
                #expect(abs(e.sharesTotal - e.score) <= 1e-9 * max(1, abs(e.score)))
                let tolerance = 1e-6 * max(1, abs(e.score))
                for side in [e.a, e.b] {
                    #expect(abs(side.shares.reduce(0, +) - e.score) <= tolerance, "\(variant): \(side.shares.reduce(0, +)) vs \(e.score)")
                    #expect(abs(side.wordShares.reduce(0, +) - e.score) <= tolerance)
                    #expect(abs(side.selfShares.reduce(0, +) - 1) <= 1e-6)
                    // include_prompt is false: the prompt's tokens take no share.
                    #expect(side.shares.prefix(side.excludedTokenCount).allSatisfy { $0 == 0 })
                }
                #expect(abs(e.pairs.joined().reduce(0, +) - e.score) <= tolerance, "\(variant) pairs")
            }
        }
    }

    /// cls and lasttoken give one token the whole score: the first token after the prompt,
    /// and the last token.
    @Test func oneTokenTakesTheWholeScore() throws {
        for (variant, expectLast) in [("cls-dot", false), ("lasttoken-cosine", true)] {
            let model = try ModulePipelineReferenceTests.model(variant)
            let encoded = try model.encodeWithStates(["a dog runs", "a cat sleeps"], prompt: .named("query"))
            let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
            let holder = expectLast ? e.a.shares.count - 1 : encoded[0].excludedTokenCount
            #expect(encoded[0].excludedTokenCount == 3)  // [CLS] query :
            #expect(e.a.shares.enumerated().allSatisfy { $0.offset == holder || $0.element == 0 }, "\(variant)")
            #expect(abs(e.a.shares[holder] - e.score) <= 1e-6 * max(1, abs(e.score)))
        }
    }

    /// A distance score has no token split: the shares are of the sentence vectors' cosine, and say so.
    @Test(arguments: ["max-euclidean", "mean-manhattan"])
    func distanceScoresAreLabelled(variant: String) throws {
        let model = try ModulePipelineReferenceTests.model(variant)
        let contributions = TokenContributions(model: model)
        #expect(contributions.basis == .sentenceVectorCosine)
        let encoded = try model.encodeWithStates(["a dog runs", "a cat sleeps"])
        let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
        #expect(!e.isExact)
        #expect(e.sharedQuantity == "cosine of the sentence vectors")
        #expect(e.inexactReason?.contains("\(model.similarityFunction.name) distance") == true)
        #expect(abs(e.sharesTotal - VectorMath.cosine(encoded[0].embedding, encoded[1].embedding)) <= 1e-12)
        #expect(e.score < 0 && abs(e.sharesTotal - e.score) > 0.01)
        #expect(abs(e.a.shares.reduce(0, +) - e.sharesTotal) <= 1e-6)
        #expect(abs(e.pairs.joined().reduce(0, +) - e.sharesTotal) <= 1e-6)
    }

    /// A non-linear Dense (Tanh, GELU) has no token split: the shares are of the pooled vectors' cosine.
    @Test(arguments: ["dense-tanh-prompts", "legacy-cls-mean-dense-gelu"])
    func nonLinearDenseIsLabelled(variant: String) throws {
        let model = try ModulePipelineReferenceTests.model(variant)
        let encoded = try model.encodeWithStates(["a dog runs in the park", "a cat sleeps"])
        let e = SimilarityExplanation(encoded[0], encoded[1], model: model)
        #expect(!e.isExact)
        #expect(e.sharedQuantity == "cosine of the pooled vectors")
        #expect(e.inexactReason?.contains("non-linear activation") == true)
        #expect(abs(e.sharesTotal - VectorMath.cosine(encoded[0].pooled, encoded[1].pooled)) <= 1e-12)
        #expect(abs(e.sharesTotal - e.score) > 1e-4, "the stand-in happens to equal the score")
        for side in [e.a, e.b] {
            #expect(abs(side.shares.reduce(0, +) - e.sharesTotal) <= 1e-6)
        }
    }
}
