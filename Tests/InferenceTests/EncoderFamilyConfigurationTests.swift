import Foundation
import Inference
import Testing
import TestSupport

/// How each family's config.json is read and its weights found: keys, defaults, positions,
/// prefixes and the errors for what the forward pass does not compute.
@Suite("Encoder family configurations and weight names")
struct EncoderFamilyConfigurationTests {
    private func decode(_ json: String) throws -> EncoderConfiguration {
        try JSONDecoder().decode(EncoderConfiguration.self, from: Data(json.utf8))
    }

    private func loadError(_ json: String) throws -> InferenceError? {
        let directory = try TemporaryDirectory()
        _ = try directory.write("config.json", json)
        return #expect(throws: InferenceError.self) { try EncoderConfiguration.load(from: directory.file("config.json")) }
    }

    private static func fixtureModel(_ name: String) -> URL { Fixtures.root.appendingPathComponent("models/\(name)") }

    @Test("DistilBERT's own keys fill the same fields; no token types, positions from 0")
    func distilbertKeys() throws {
        let configuration = try decode(#"""
            {"model_type": "distilbert", "architectures": ["DistilBertModel"], "dim": 64, "n_layers": 3,
             "n_heads": 8, "hidden_dim": 96, "activation": "relu", "max_position_embeddings": 100,
             "sinusoidal_pos_embds": true, "vocab_size": 50}
            """#)
        #expect(configuration.architecture == .distilbert)
        #expect(configuration.hiddenSize == 64 && configuration.numHiddenLayers == 3 && configuration.numAttentionHeads == 8)
        #expect(configuration.intermediateSize == 96 && configuration.activation == .relu)
        #expect(configuration.sinusoidalPositions && configuration.typeVocabSize == 0)
        #expect(configuration.positionPaddingIndex == nil && configuration.maximumSequenceLength == 100)
    }

    @Test("RoBERTa and XLM-R count positions past pad_token_id; MPNet past 1 whatever pad_token_id says")
    func positionsPastPadding() throws {
        let roberta = try decode(#"{"model_type": "roberta", "max_position_embeddings": 514, "pad_token_id": 1}"#)
        #expect(roberta.positionPaddingIndex == 1 && roberta.maximumSequenceLength == 512)
        let xlmr = try decode(#"{"model_type": "xlm-roberta", "max_position_embeddings": 40, "pad_token_id": 5}"#)
        #expect(xlmr.positionPaddingIndex == 5 && xlmr.maximumSequenceLength == 34)
        let mpnet = try decode(#"{"model_type": "mpnet", "max_position_embeddings": 514, "pad_token_id": 0}"#)
        #expect(mpnet.positionPaddingIndex == 1 && mpnet.maximumSequenceLength == 512 && mpnet.typeVocabSize == 0)
        #expect(mpnet.relativeAttentionBuckets == 32 && mpnet.vocabSize == 30527)
        let bert = try decode(#"{"model_type": "bert", "pad_token_id": 0}"#)
        #expect(bert.positionPaddingIndex == nil && bert.maximumSequenceLength == 512)
    }

    @Test("settings the families cannot run are one-line errors naming the field")
    func invalidFamilySettings() throws {
        let buckets = try loadError(#"{"model_type": "mpnet", "relative_attention_num_buckets": 16}"#)
        #expect(buckets?.description
            == "config.json: relative_attention_num_buckets 16 is fewer than the 32 buckets MPNet's encoder uses")
        let padding = try loadError(#"{"model_type": "roberta", "pad_token_id": null}"#)
        #expect(padding?.description == "config.json: pad_token_id must be a non-negative integer for roberta")
        let noRoom = try loadError(#"{"model_type": "roberta", "pad_token_id": 1, "max_position_embeddings": 2}"#)
        #expect(noRoom?.description == "config.json: max_position_embeddings 2 leaves no position past pad_token_id 1")
        let oneLeft = try loadError(#"{"model_type": "roberta", "pad_token_id": 1, "max_position_embeddings": 3}"#)
        #expect(oneLeft?.description == "config.json: max_position_embeddings 3 leaves 1 position(s) for a sequence; at least 2 are needed")
        // A sinusoid table is computed from the configuration alone: its size is bounded before anything is allocated.
        let hugeTable = try loadError(
            #"{"model_type": "distilbert", "sinusoidal_pos_embds": true, "max_position_embeddings": 4611686018427387904, "dim": 32, "n_heads": 4}"#)
        #expect(hugeTable?.description.hasPrefix("config.json: max_position_embeddings 4611686018427387904 × dim 32 is too large") == true,
                "\(String(describing: hugeTable))")
        let activation = try loadError(#"{"model_type": "distilbert", "activation": "silu"}"#)
        #expect(activation?.description.hasPrefix("config.json: unsupported activation \"silu\"") == true)
    }

    @Test("a sequence longer than the positions past the padding id is refused, one shorter runs")
    func sequenceLimitPastPadding() throws {
        // tiny-roberta-gelu-new: 40 positions, pad_token_id 3 → 36 tokens.
        let model = try EncoderModel.load(directory: Self.fixtureModel("tiny-roberta-gelu-new"))
        #expect(model.configuration.maximumSequenceLength == 36)
        #expect(try model.encode([[Int32](repeating: 7, count: 36)]).first?.tokenCount == 36)
        let error = #expect(throws: InferenceError.self) { try model.encode([[Int32](repeating: 7, count: 37)]) }
        #expect(error?.description == "sequence 0 has 37 tokens, more than the 36 positions the model's position table allows (config.json max_position_embeddings)")
    }

    @Test(
        "every family's tensors load the same under its model prefix and under model.",
        arguments: [
            ("tiny-mpnet", "mpnet."), ("tiny-roberta-bpe", "roberta."), ("tiny-xlmr-unigram", "roberta."),
            ("tiny-distilbert-dense-prompts", "distilbert."), ("tiny-bert-mean", "bert."),
        ])
    func prefixes(name: String, prefix: String) throws {
        let source = Self.fixtureModel(name)
        let file = try SafeTensorsFile(url: source.appendingPathComponent("model.safetensors"))
        let ids: [Int32] = [0, 17, 250, 9, 2]
        let expected = try EncoderModel.load(directory: source).encode([ids])
        for variant in [prefix, "model."] {
            var writer = SafeTensorsWriter()
            for tensorName in file.tensors.keys.sorted() {
                let tensor = try file.floatTensor(named: tensorName)
                writer.addF32(variant + tensorName, shape: tensor.shape, values: tensor.values)
            }
            let directory = try TemporaryDirectory()
            _ = try directory.copy(source.appendingPathComponent("config.json"), as: "config.json")
            try writer.write(to: directory.file("model.safetensors"))
            #expect(try EncoderModel.load(directory: directory.url).encode([ids]) == expected, "\(name) under \(variant)")
        }
    }

    @Test("a family's missing tensor is named by its own weight name")
    func missingTensorNames() throws {
        let cases = [
            ("tiny-mpnet", "encoder.relative_attention_bias.weight"),
            ("tiny-mpnet", "encoder.layer.1.attention.attn.o.weight"),
            ("tiny-distilbert-dense-prompts", "transformer.layer.0.sa_layer_norm.bias"),
            ("tiny-roberta-bpe", "embeddings.token_type_embeddings.weight"),
        ]
        for (name, missing) in cases {
            let source = Self.fixtureModel(name)
            let file = try SafeTensorsFile(url: source.appendingPathComponent("model.safetensors"))
            var writer = SafeTensorsWriter()
            for tensorName in file.tensors.keys.sorted() where tensorName != missing {
                let tensor = try file.floatTensor(named: tensorName)
                writer.addF32(tensorName, shape: tensor.shape, values: tensor.values)
            }
            let directory = try TemporaryDirectory()
            _ = try directory.copy(source.appendingPathComponent("config.json"), as: "config.json")
            try writer.write(to: directory.file("model.safetensors"))
            let error = #expect(throws: InferenceError.self) { try EncoderModel.load(directory: directory.url) }
            #expect(error?.description == "model.safetensors: missing tensor \"\(missing)\"", "\(name)")
        }
    }
}
