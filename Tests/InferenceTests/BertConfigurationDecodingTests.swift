import Foundation
import Inference
import TestSupport
import Testing

/// `config.json` decoding: defaults, supported architectures and validation messages.
@Suite("BertConfiguration decoding")
struct BertConfigurationDecodingTests {
    private func decode(_ json: String) throws -> BertConfiguration {
        try JSONDecoder().decode(BertConfiguration.self, from: Data(json.utf8))
    }

    /// Writes `json` as config.json and returns the error `load` raises.
    private func loadError(_ json: String) throws -> InferenceError? {
        let directory = try TemporaryDirectory()
        try Data(json.utf8).write(to: directory.file("config.json"))
        return #expect(throws: InferenceError.self) { try BertConfiguration.load(from: directory.file("config.json")) }
    }

    @Test("the tiny model's config.json decodes every field")
    func tinyModel() throws {
        let configuration = try BertConfiguration.load(from: Fixtures.tinyModel.appendingPathComponent("config.json"))
        #expect(configuration.hiddenSize == 32)
        #expect(configuration.numHiddenLayers == 2)
        #expect(configuration.numAttentionHeads == 4)
        #expect(configuration.headSize == 8)
        #expect(configuration.intermediateSize == 64)
        #expect(configuration.maxPositionEmbeddings == 512)
        #expect(configuration.typeVocabSize == 2)
        #expect(configuration.vocabSize == 30522)
        #expect(configuration.layerNormEps == 1e-12)
        #expect(configuration.modelType == "bert")
        #expect(configuration.architectures == ["BertModel"])
    }

    @Test("missing keys take the bert-base defaults")
    func defaults() throws {
        let configuration = try decode(#"{"hidden_size": 64, "num_attention_heads": 4, "layer_norm_eps": 1e-5}"#)
        #expect(configuration.hiddenSize == 64)
        #expect(configuration.numHiddenLayers == 12)
        #expect(configuration.intermediateSize == 3072)
        #expect(configuration.maxPositionEmbeddings == 512)
        #expect(configuration.vocabSize == 30522)
        #expect(configuration.layerNormEps == 1e-5)
        #expect(configuration.hiddenAct == "gelu")
        #expect(configuration.positionEmbeddingType == "absolute")
    }

    @Test("other model types and foreign architectures are rejected by name")
    func unsupportedArchitecture() throws {
        let gpt2 = try loadError(#"{"model_type": "gpt2", "architectures": ["GPT2Model"]}"#)
        #expect(gpt2?.description
            == "config.json: unsupported model_type \"gpt2\" (supported: bert, distilbert, mpnet, roberta, xlm-roberta)")
        // No model_type means BERT, whose classes a DistilBERT is not.
        let distil = try loadError(#"{"architectures": ["DistilBertModel"]}"#)
        #expect(distil?.description == "config.json: unsupported architecture DistilBertModel for model_type \"bert\"")
        let mismatch = try loadError(#"{"model_type": "roberta", "architectures": ["BertModel"]}"#)
        #expect(mismatch?.description == "config.json: unsupported architecture BertModel for model_type \"roberta\"")
        // BERT heads over a BertModel are fine.
        #expect(try decode(#"{"model_type": "bert", "architectures": ["BertForMaskedLM"]}"#).modelType == "bert")
    }

    @Test("activations the forward pass lacks and relative positions are rejected")
    func unsupportedOptions() throws {
        let swish = try loadError(#"{"hidden_act": "swish"}"#)
        #expect(swish?.description
            == "config.json: unsupported activation \"swish\" (supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu)")
        let relative = try loadError(#"{"position_embedding_type": "relative_key"}"#)
        #expect(relative?.description.contains("unsupported position_embedding_type \"relative_key\"") == true)
    }

    @Test("impossible sizes and malformed JSON name the field")
    func invalidValues() throws {
        let heads = try loadError(#"{"hidden_size": 100, "num_attention_heads": 12}"#)
        #expect(heads?.description == "config.json: hidden_size 100 is not a multiple of num_attention_heads 12")
        let zero = try loadError(#"{"num_hidden_layers": 0}"#)
        #expect(zero?.description == "config.json: num_hidden_layers is 0, must be positive")
        let wrongType = try loadError(#"{"hidden_size": "large"}"#)
        #expect(wrongType?.description.hasPrefix("config.json: \"hidden_size\" is not of the expected type") == true)
        let notJSON = try loadError("hidden_size = 3")
        #expect(notJSON?.description == "config.json: not valid JSON")
        let fraction = try loadError(#"{"hidden_size": 1.5}"#)
        #expect(fraction?.description == "config.json: hidden_size 1.5 is not a 64-bit integer")
        let huge = try loadError(#"{"vocab_size": 1e30}"#)
        #expect(huge?.description == "config.json: vocab_size 1e+30 is not a 64-bit integer")
        let negativeEps = try loadError(#"{"layer_norm_eps": -1}"#)
        #expect(negativeEps?.description.contains("layer_norm_eps -1.0") == true)
    }

    @Test("a missing config.json is unreadable")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: InferenceError.self) {
            try BertConfiguration.load(from: directory.file("config.json"))
        }
        #expect(error?.description.hasPrefix("config.json: cannot read:") == true)
    }

    @Test("every mistyped field is named with config.json")
    func mistypedFieldsAreNamed() throws {
        let cases: [(String, String)] = [
            (#"{"hidden_size": true}"#, "hidden_size"),
            (#"{"layer_norm_eps": "1e-12"}"#, "layer_norm_eps"),
            (#"{"hidden_act": 5}"#, "hidden_act"),
            (#"{"model_type": ["bert"]}"#, "model_type"),
            (#"{"architectures": "BertModel"}"#, "architectures"),
            (#"{"architectures": ["BertModel", 1]}"#, "architectures.[1]"),
            (#"{"position_embedding_type": {}}"#, "position_embedding_type"),
        ]
        for (json, field) in cases {
            let message = try loadError(json)?.description ?? "no error"
            #expect(message.hasPrefix("config.json: \"\(field)\" is not of the expected type"), "\(json): \(message)")
            #expect(!message.contains("\n"))
        }
    }
}
