import Embedding
import Foundation
import Teaching
import Testing
import TestSupport

/// `SentenceTransformer.layerWalk` against transformers' `output_hidden_states` pooled with
/// the model's pooling (Tests/Fixtures/generators/layer_walk_reference.py): per-layer cosines
/// and norms within 1e-4, token shares at the reference's layer; BERT, MPNet, RoBERTa (CLS
/// pooling) and the real MiniLM.
@Suite struct LayerWalkReferenceTests {
    struct Reference: Decodable {
        struct Layer: Decodable {
            let layer: Int
            let cosine: Double
            let norm_a: Double
            let norm_b: Double
        }
        struct Pair: Decodable {
            let a: String
            let b: String
            let pooling: String
            let layers: [Layer]
            let share_layer: Int
            let tokens_a: [String]
            let shares_a: [Double]
        }
        let pairs: [Pair]
    }

    static func reference(_ name: String) throws -> Reference {
        let url = Fixtures.root.appendingPathComponent("reference/layers/\(name).json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    func expectMatches(_ model: SentenceTransformer, _ name: String) throws {
        let reference = try Self.reference(name)
        for pair in reference.pairs {
            let walk = try model.layerWalk(pair.a, pair.b, shareLayer: pair.share_layer)
            #expect(walk.pooling == pair.pooling)
            #expect(walk.layers.map(\.layer) == pair.layers.map(\.layer), "\(name): layer count")
            for (mine, theirs) in zip(walk.layers, pair.layers) {
                #expect(abs(mine.cosine - theirs.cosine) < 1e-4, "\(name) layer \(theirs.layer): cos \(mine.cosine) vs \(theirs.cosine)")
                // Norms grow with the hidden size: compared relative to their size.
                #expect(abs(mine.normA - theirs.norm_a) < 1e-4 * max(1, theirs.norm_a), "\(name) layer \(theirs.layer): norm a")
                #expect(abs(mine.normB - theirs.norm_b) < 1e-4 * max(1, theirs.norm_b), "\(name) layer \(theirs.layer): norm b")
            }
            #expect(walk.shareLayer == pair.share_layer)
            #expect(walk.tokensA.map(\.token) == pair.tokens_a)
            for (mine, theirs) in zip(walk.tokensA, pair.shares_a) {
                #expect(abs(mine.share - theirs) < 1e-4, "\(name): share of \(mine.token)")
            }
            // Each side's shares sum to the layer's cosine.
            let cosine = walk.layers[pair.share_layer].cosine
            #expect(abs(walk.tokensA.reduce(0) { $0 + $1.share } - cosine) < 1e-5)
            #expect(abs(walk.tokensB.reduce(0) { $0 + $1.share } - cosine) < 1e-5)
        }
    }

    @Test("tiny fixture families", arguments: ["tiny-bert-mean", "tiny-mpnet", "tiny-roberta-bpe"])
    func tinyFamily(name: String) throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.root.appendingPathComponent("models/\(name)"))
        try expectMatches(model, name)
    }

    @Test func miniLM() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.miniLMModel)
        try expectMatches(model, "all-MiniLM-L6-v2")
    }

    /// The capture is opt-in: the normal encode gives what the last captured layer gives,
    /// bit for bit, and the walk's last layer is the sentence vectors' cosine.
    @Test func normalEncodingIsUnchanged() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.miniLMModel)
        let texts = ["She plays the guitar.", "He owns a musical instrument."]
        let encoded = try model.encodeWithStates(texts)
        for (text, result) in zip(texts, encoded) {
            let states = try model.model.hiddenStates(model.tokenize(text).ids)
            #expect(states.count == 7)
            #expect(states.last == result.states)
        }
        let walk = try model.layerWalk(texts[0], texts[1])
        let cosine = referenceCosine(encoded[0].embedding, encoded[1].embedding)
        #expect(abs((walk.layers.last?.cosine ?? .nan) - cosine) < 1e-6)
        #expect(walk.shareLayer == 6)
    }

    @Test func aLayerBeyondTheModelIsRefused() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.tinyModel)
        #expect(throws: EmbeddingError.self) { try model.layerWalk("a", "b", shareLayer: 3) }
        #expect(throws: EmbeddingError.self) { try model.layerWalk("a", "b", shareLayer: -1) }
        #expect(try model.layerWalk("a", "b", shareLayer: 0).shareLayer == 0)
    }
}

/// The step-through's values are the model's own: the same ids, states and vector as `encode`.
@Suite struct PipelineWalkTests {
    @Test func everyStageIsTheEncodersOwn() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.miniLMModel)
        let text = "The Guitar sings.", other = "She plays the guitar."
        let walk = try model.pipelineWalk(text, toward: other)
        let encoded = try model.encodeWithStates([text, other])
        #expect(walk.normalized == "the guitar sings.")
        #expect(walk.preTokens == ["the", "guitar", "sings", "."])
        #expect(walk.wordpieces.map(\.id) == encoded[0].tokenized.ids)
        #expect(walk.wordpieces.first?.token == "[CLS]" && walk.wordpieces.first?.id == 101)
        #expect(walk.layerTokenNorms.count == 7)
        let lastNorms = (0..<encoded[0].states.tokenCount).map { referenceNorm(Array(encoded[0].states.row($0))) }
        for (mine, theirs) in zip(walk.layerTokenNorms[6], lastNorms) { #expect(abs(mine - theirs) < 1e-9) }
        #expect(walk.pooled == encoded[0].pooled)
        #expect(walk.embedding == encoded[0].embedding)
        #expect(walk.normalizes && walk.denseModules.isEmpty)
        let score = try #require(walk.score)
        #expect(score.similarity == "cosine")
        #expect(abs(score.value - referenceCosine(encoded[0].embedding, encoded[1].embedding)) < 1e-9)
    }

    private func referenceNorm(_ v: [Float]) -> Double {
        v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
}
