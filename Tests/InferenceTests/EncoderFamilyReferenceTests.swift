import Foundation
import Inference
import TestSupport
import Testing

/// Each encoder family (`model_type` roberta, xlm-roberta, mpnet, distilbert) against
/// transformers: per-layer hidden states and pooled vectors, fed the reference token ids
/// (so no tokenizer is involved).
@Suite("Encoder families against reference outputs")
struct EncoderFamilyReferenceTests {
    private static func model(_ name: String) -> URL { Fixtures.root.appendingPathComponent("models/\(name)") }
    private static func reference(_ name: String) -> URL { Fixtures.root.appendingPathComponent("reference/\(name)") }

    /// One line of the hidden-state references made by `make_architecture_variants.py`.
    private struct HiddenStates: Decodable {
        let ids: [Int32]
        let hidden_states: [[[Float]]]
    }

    /// The largest |computed − expected| per stage (embeddings, then each layer) over `references`.
    private func worstPerStage(_ model: EncoderModel, _ references: [(ids: [Int32], stages: [[[Float]]])]) throws -> [Float] {
        var worst = [Float](repeating: 0, count: model.configuration.numHiddenLayers + 1)
        for reference in references {
            let stages = try model.hiddenStates(reference.ids)
            try #require(stages.count == reference.stages.count)
            for (stage, (computed, expected)) in zip(stages, reference.stages).enumerated() {
                try #require(computed.tokenCount == expected.count)
                worst[stage] = max(worst[stage], maxAbsoluteDifference(computed.values, expected.flatMap { $0 }))
            }
        }
        return worst
    }

    @Test(
        "every layer's states within 1e-5 of transformers",
        arguments: [
            ("tiny-mpnet", EncoderArchitecture.mpnet),
            ("tiny-distilbert-dense-prompts", .distilbert),
            ("tiny-distilbert-sinusoidal", .distilbert),
            ("tiny-roberta-gelu-new", .roberta),
        ])
    func hiddenStates(name: String, architecture: EncoderArchitecture) throws {
        let model = try EncoderModel.load(directory: Self.model(name))
        #expect(model.configuration.architecture == architecture)
        let references = try readJSONLines(
            Self.reference(name).appendingPathComponent("hidden_states.jsonl"), as: HiddenStates.self)
        try #require(references.count >= 4)
        let worst = try worstPerStage(model, references.map { ($0.ids, $0.hidden_states) })
        print("\(name) worst |Δ| per stage: \(worst)")
        for (stage, difference) in worst.enumerated() {
            #expect(difference <= 1e-5, "\(name) stage \(stage): worst difference \(difference)")
        }
    }

    @Test(
        "pooled token states match all 340 reference embeddings within 1e-5",
        arguments: [("tiny-mpnet", false), ("tiny-xlmr-unigram", false), ("tiny-roberta-bpe", true)])
    func pooledEmbeddings(name: String, clsAndNormalize: Bool) throws {
        let model = try EncoderModel.load(directory: Self.model(name))
        let tokens = try readJSONLines(Self.reference(name).appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let embeddings = try readJSONLines(
            Self.reference(name).appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        try #require(tokens.count == 340 && embeddings.count == 340)

        let states = try model.encode(tokens.map(\.ids))
        var worst: Float = 0
        for (index, (computed, expected)) in zip(states, embeddings).enumerated() {
            #expect(tokens[index].text == expected.text)
            var vector = clsAndNormalize ? Array(computed.row(0)) : meanOfRows(computed)
            if clsAndNormalize {
                let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
                vector = vector.map { $0 / norm }
            }
            let difference = maxAbsoluteDifference(vector, expected.embedding)
            #expect(difference <= 1e-5, "\(name) text \(index) \(expected.text.prefix(40).debugDescription): \(difference)")
            worst = max(worst, difference)
        }
        print("\(name) worst |Δ| over 340 texts: \(worst)")
    }

    @Test("MPNet's relative position buckets are torch's for distances up to ±600")
    func relativeBuckets() throws {
        // From transformers' MPNetEncoder.relative_position_bucket(torch.arange(-600, 601)):
        // distances below 8 are their own bucket; beyond, (first distance, bucket) where a new
        // run starts. Keys after the query take the same buckets + 16. The boundaries at 16,
        // 32 and 64 are where torch's float32 logarithms put them.
        let runs: [(Int, Int)] = [(8, 8), (12, 9), (16, 10), (23, 11), (32, 12), (46, 13), (64, 14), (91, 15)]
        func expected(_ distance: Int) -> Int { distance < 8 ? distance : runs.last { $0.0 <= distance }?.1 ?? -1 }
        for distance in 0...600 {
            #expect(EncoderModel.relativePositionBucket(-distance) == expected(distance), "d = −\(distance)")
            if distance > 0 {
                #expect(EncoderModel.relativePositionBucket(distance) == 16 + expected(distance), "d = \(distance)")
            }
        }
    }
}

/// The real all-mpnet-base-v2 (`make model MODEL=all-mpnet-base-v2`; `make test` installs it).
/// Its 340 sentence vectors are checked end to end in FamilyParityTests; here, every layer.
@Suite("all-mpnet-base-v2 against reference outputs")
struct MPNetBaseReferenceTests {
    static let directory = Fixtures.mpnetModel
    static let reference = Fixtures.mpnetReference

    @Test("every layer's hidden states within 1e-4 of transformers")
    func hiddenStates() throws {
        let model = try EncoderModel.load(directory: Self.directory)
        let references = try readJSONLines(
            Self.reference.appendingPathComponent("hidden_states.jsonl"), as: ReferenceHiddenStates.self)
        try #require(references.count == 2)
        var worst = [Float](repeating: 0, count: model.configuration.numHiddenLayers + 1)
        for reference in references {
            let stages = try model.hiddenStates(reference.ids)
            try #require(stages.count == reference.hidden_states.count)
            for (stage, (computed, expected)) in zip(stages, reference.hidden_states).enumerated() {
                try #require(computed.tokenCount == expected.count)
                worst[stage] = max(worst[stage], maxAbsoluteDifference(computed.values, expected.flatMap { $0 }))
            }
        }
        print("all-mpnet-base-v2 worst |Δ| per stage: \(worst)")
        for (stage, difference) in worst.enumerated() {
            #expect(difference <= 1e-4, "stage \(stage): worst difference \(difference)")
        }
    }
}
