import Foundation
import Inference
import TestSupport
import Testing

/// The forward pass against numbers computed by PyTorch/transformers.
@Suite("BertModel against reference outputs")
struct BertModelReferenceTests {
    @Test("all-MiniLM-L6-v2: every layer's hidden states within 1e-4 of transformers")
    func miniLMHiddenStates() throws {
        let model = try BertModel.load(directory: Fixtures.miniLMModel)
        let references = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("hidden_states.jsonl"), as: ReferenceHiddenStates.self)
        try #require(references.count == 2)

        var worstPerStage = [Float](repeating: 0, count: model.configuration.numHiddenLayers + 1)
        for reference in references {
            let stages = try model.hiddenStates(reference.ids)
            try #require(stages.count == reference.hidden_states.count)
            for (stage, (computed, expected)) in zip(stages, reference.hidden_states).enumerated() {
                try #require(computed.tokenCount == expected.count)
                let difference = maxAbsoluteDifference(computed.values, expected.flatMap { $0 })
                worstPerStage[stage] = max(worstPerStage[stage], difference)
            }
        }
        let report = worstPerStage.enumerated().map { "\($0.offset == 0 ? "embeddings" : "layer \($0.offset)"): \($0.element)" }
        print("MiniLM worst |Δ| per stage: " + report.joined(separator: ", "))
        for (stage, worst) in worstPerStage.enumerated() {
            #expect(worst <= 1e-4, "stage \(stage): worst difference \(worst)")
        }
    }

    @Test("tiny-bert-mean: mean of encoded token states matches all 340 reference embeddings")
    func tinyModelMeanPooled() throws {
        let model = try BertModel.load(directory: Fixtures.tinyModel)
        let tokens = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let embeddings = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try #require(tokens.count == 340 && embeddings.count == 340)

        let states = try model.encode(tokens.map(\.ids))
        var worst: Float = 0
        for (index, (computed, expected)) in zip(states, embeddings).enumerated() {
            #expect(tokens[index].text == expected.text)
            let difference = maxAbsoluteDifference(meanOfRows(computed), expected.embedding)
            #expect(difference <= 1e-4, "text \(index) \(expected.text.prefix(40).debugDescription): \(difference)")
            worst = max(worst, difference)
        }
        print("tiny-bert-mean worst |Δ| over 340 texts: \(worst)")
    }

    @Test("all-MiniLM-L6-v2: mean-pooled, normalized states match all 340 reference embeddings")
    func miniLMEmbeddings() throws {
        let model = try BertModel.load(directory: Fixtures.miniLMModel)
        let tokens = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let embeddings = try readJSONLines(
            Fixtures.miniLMReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try #require(tokens.count == 340 && embeddings.count == 340)

        var worst: Float = 0, worstCosine = 1.0
        for start in stride(from: 0, to: tokens.count, by: 32) {
            let slice = start ..< min(start + 32, tokens.count)
            let states = try model.encode(tokens[slice].map(\.ids))
            for (computed, index) in zip(states, slice) {
                let mean = meanOfRows(computed)
                let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let vector = mean.map { $0 / norm }
                let difference = maxAbsoluteDifference(vector, embeddings[index].embedding)
                let cosine = referenceCosine(vector, embeddings[index].embedding)
                #expect(difference <= 1e-4 && cosine >= 0.99999, "text \(index): |Δ| \(difference), cosine \(cosine)")
                worst = max(worst, difference)
                worstCosine = min(worstCosine, cosine)
            }
        }
        print("MiniLM pooled worst |Δ| over 340 texts: \(worst), lowest cosine \(worstCosine)")
    }
}
