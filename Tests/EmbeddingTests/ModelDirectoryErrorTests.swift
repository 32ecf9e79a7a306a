import Embedding
import Foundation
import Testing
import TestSupport

/// A model directory that Semblance cannot run must say why, naming the file.
struct ModelDirectoryErrorTests {
    private func loadError(_ directory: URL) -> String {
        do {
            _ = try SentenceTransformer(modelDirectory: directory)
            return "loaded without error"
        } catch {
            return "\(error)"
        }
    }

    @Test func missingDirectory() throws {
        let message = loadError(URL(fileURLWithPath: "/nonexistent/semblance-model"))
        #expect(message == "model directory not found: /nonexistent/semblance-model")
    }

    @Test func missingModulesFile() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try FileManager.default.removeItem(at: model.appendingPathComponent("modules.json"))
        #expect(loadError(model).hasSuffix("modules.json: required file is missing"))
    }

    @Test func missingPoolingConfig() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try FileManager.default.removeItem(at: model.appendingPathComponent("1_Pooling/config.json"))
        #expect(loadError(model).hasSuffix("1_Pooling/config.json: required file is missing"))
    }

    @Test func unknownModuleIsNamed() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data("""
            [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
             {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
             {"idx":2,"name":"2","path":"2_LayerNorm","type":"sentence_transformers.models.LayerNorm"}]
            """.utf8).write(to: model.appendingPathComponent("modules.json"))
        let message = loadError(model)
        #expect(message.contains("unsupported module \"sentence_transformers.models.LayerNorm\""), "\(message)")
    }

    @Test func legacyPoolingBooleansAreRead() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        for (flag, mode) in [("pooling_mode_cls_token", PoolingMode.cls), ("pooling_mode_max_tokens", .max),
                             ("pooling_mode_mean_sqrt_len_tokens", .meanSqrtLengthTokens)] {
            try Data("{\"word_embedding_dimension\": 32, \"pooling_mode_mean_tokens\": false, \"\(flag)\": true}".utf8)
                .write(to: model.appendingPathComponent("1_Pooling/config.json"))
            #expect(try SentenceTransformer(modelDirectory: model).pooling == Pooling(mode))
        }
    }

    @Test func unsupportedPoolingIsNamed() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data("{\"embedding_dimension\": 32, \"pooling_mode\": [\"mean\", \"attention\"]}".utf8)
            .write(to: model.appendingPathComponent("1_Pooling/config.json"))
        #expect(loadError(model).contains("unsupported pooling mode \"attention\""))
    }

    @Test func poolingDimensionMustMatchTheModel() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data("{\"embedding_dimension\": 768, \"pooling_mode\": \"mean\"}".utf8)
            .write(to: model.appendingPathComponent("1_Pooling/config.json"))
        #expect(loadError(model).contains("pooling dimension 768 does not match the model's hidden size 32"))
    }

    @Test func malformedModulesJSON() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data("[{".utf8).write(to: model.appendingPathComponent("modules.json"))
        #expect(loadError(model).contains("modules.json: not valid JSON"))
    }
}
