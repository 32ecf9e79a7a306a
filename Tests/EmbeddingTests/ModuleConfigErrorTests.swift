import Embedding
import Foundation
import Testing
import TestSupport

/// Bad Dense, Pooling and prompt configurations: each one line naming the file and the field.
@Suite struct ModuleConfigErrorTests {
    /// A copy of the tiny BERT with the Dense module of the dense-tanh-prompts fixture after
    /// its Pooling; `edit` changes the copy before loading.
    private func modelWithDense(_ temp: TemporaryDirectory, edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try FileManager.default.copyItem(
            at: Fixtures.root.appendingPathComponent("models/modules/dense-tanh-prompts/2_Dense"),
            to: model.appendingPathComponent("2_Dense"))
        try Data("""
            [{"idx":0,"name":"0","path":"","type":"sentence_transformers.base.modules.transformer.Transformer"},
             {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
             {"idx":2,"name":"2","path":"2_Dense","type":"sentence_transformers.base.modules.dense.Dense"}]
            """.utf8).write(to: model.appendingPathComponent("modules.json"))
        try edit(model)
        return model
    }

    private func loadError(_ model: URL) -> String {
        do {
            _ = try SentenceTransformer(modelDirectory: model, threadCount: 1)
            return "loaded without error"
        } catch {
            return "\(error)"
        }
    }

    private func editDenseConfig(_ model: URL, _ change: (String) -> String) throws {
        let url = model.appendingPathComponent("2_Dense/config.json")
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    @Test func theDenseFixtureLoads() throws {
        let temp = try TemporaryDirectory()
        let model = try SentenceTransformer(modelDirectory: try modelWithDense(temp), threadCount: 1)
        #expect(model.dimension == 16 && model.pooledDimension == 32)
    }

    @Test func denseInputDisagreeingWithThePoolingIsNamed() throws {
        let temp = try TemporaryDirectory()
        // A Dense made for a cls+mean pooling (64 inputs) after a mean pooling (32).
        let model = try modelWithDense(temp) { model in
            let folder = model.appendingPathComponent("2_Dense")
            try FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(
                at: Fixtures.root.appendingPathComponent("models/modules/legacy-cls-mean-dense-gelu/2_Dense"), to: folder)
        }
        let message = loadError(model)
        #expect(message.hasSuffix("2_Dense/config.json: field \"in_features\" is 64, but the module before it gives 32-dimensional vectors"), "\(message)")
    }

    @Test func weightsDisagreeingWithTheConfigAreNamed() throws {
        let temp = try TemporaryDirectory()
        let model = try modelWithDense(temp) { try editDenseConfig($0) { $0.replacingOccurrences(of: "\"out_features\": 16", with: "\"out_features\": 8") } }
        let message = loadError(model)
        #expect(message.contains("2_Dense/model.safetensors: field \"linear.weight\" has shape [16, 32], but config.json says [8, 32]"), "\(message)")
        #expect(!message.contains("\n"))
    }

    /// Found by the module-config fuzz target: a damaged Dense weights file was reported as
    /// "model.safetensors: …", which reads as the Transformer's weights.
    @Test func damagedDenseWeightsNameTheirPath() throws {
        for keep in [4, 300] {
            let temp = try TemporaryDirectory()
            let model = try modelWithDense(temp) { model in
                let url = model.appendingPathComponent("2_Dense/model.safetensors")
                try Data(try Data(contentsOf: url).prefix(keep)).write(to: url)
            }
            let message = loadError(model)
            #expect(message.hasPrefix(model.appendingPathComponent("2_Dense/model.safetensors").path + ": "), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func pickledWeightsOnlySayHowToConvert() throws {
        let temp = try TemporaryDirectory()
        let model = try modelWithDense(temp) { model in
            let folder = model.appendingPathComponent("2_Dense")
            try FileManager.default.moveItem(at: folder.appendingPathComponent("model.safetensors"),
                                             to: folder.appendingPathComponent("pytorch_model.bin"))
        }
        let message = loadError(model)
        #expect(message.contains("2_Dense/pytorch_model.bin: pickled PyTorch weights are not read"), "\(message)")
        #expect(message.contains("st.save_file(torch.load('pytorch_model.bin', weights_only=True), 'model.safetensors')"))
        #expect(!message.contains("\n"))
    }

    @Test func unknownActivationIsNamed() throws {
        let temp = try TemporaryDirectory()
        for path in ["my_package.Swish", "torch.nn.modules.activation.Softmax", "torch.nn.modules.linear.Tanh"] {
            let model = try modelWithDense(temp) { try editDenseConfig($0) { $0.replacingOccurrences(of: "torch.nn.modules.activation.Tanh", with: path) } }
            let message = loadError(model)
            #expect(message.contains("2_Dense/config.json: field \"activation_function\" names \"\(path)\", not a supported torch activation"), "\(message)")
            try FileManager.default.removeItem(at: model)
        }
    }

    @Test func activationPathsAreTorchClasses() {
        #expect(DenseActivation(classPath: "torch.nn.modules.activation.Tanh") == .tanh)
        #expect(DenseActivation(classPath: "torch.nn.Tanh") == .tanh)
        #expect(DenseActivation(classPath: "torch.nn.modules.linear.Identity") == .identity)
        #expect(DenseActivation(classPath: "torch.nn.modules.activation.Identity") == nil)
        #expect(DenseActivation.gelu.apply(1) == Float(0.5 * (1 + erf(1 / 2.0.squareRoot()))))
    }

    @Test func denseFieldsAreTyped() throws {
        let temp = try TemporaryDirectory()
        let model = try modelWithDense(temp) { try editDenseConfig($0) { $0.replacingOccurrences(of: "\"bias\": true", with: "\"bias\": \"yes\"") } }
        #expect(loadError(model).hasSuffix("2_Dense/config.json: field \"bias\" must be a boolean (found a string)"))
    }

    @Test func unknownPromptNameIsNamed() throws {
        let model = try SentenceTransformer(
            modelDirectory: Fixtures.root.appendingPathComponent("models/modules/dense-tanh-prompts"), threadCount: 1)
        #expect {
            try model.encode(["a text"], prompt: .named("querry"))
        } throws: { error in
            let message = "\(error)"
            return message.hasSuffix("config_sentence_transformers.json: field \"prompts\" defines no prompt \"querry\" (defined: document, passage, query)")
        }
        let plain = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1)
        #expect(throws: EmbeddingError.self) { try plain.encode(["a"], prompt: .named("instruction")) }
    }

    /// include_prompt false with a prompt that fills max_seq_length: as in sentence-transformers,
    /// the prompt's length is counted with the same truncation, so the closing special token is
    /// what is left to pool — a finite vector, never the -inf of a max over nothing.
    @Test func aPromptFillingTheSequenceLeavesTheClosingTokenToPool() throws {
        let temp = try TemporaryDirectory()
        let model = temp.file("model")
        try FileManager.default.copyItem(at: Fixtures.tinyModel, to: model)
        try Data(#"{"embedding_dimension": 32, "pooling_mode": "max", "include_prompt": false}"#.utf8)
            .write(to: model.appendingPathComponent("1_Pooling/config.json"))
        let transformer = try SentenceTransformer(modelDirectory: model)
        let encoded = try #require(try transformer.encodeWithStates(["a text"], prompt: .text(String(repeating: "word ", count: 100))).first)
        #expect(encoded.states.tokenCount == 64 && encoded.excludedTokenCount == 63)
        #expect(encoded.embedding == Array(encoded.states.row(63)))
    }
}
