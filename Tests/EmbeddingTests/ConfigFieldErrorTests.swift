import Embedding
import Foundation
import Testing
import TestSupport

/// Every sentence-transformers configuration file is read through one typed path: a
/// mistyped field is one line naming the file and the field, never a silent default.
@Suite("Config field errors")
struct ConfigFieldErrorTests {
    /// A copy of the tiny model with `file` replaced by `json`; returns the load error.
    private func loadError(writing json: String, to file: String) throws -> String {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data(json.utf8).write(to: model.appendingPathComponent(file))
        do {
            _ = try SentenceTransformer(modelDirectory: model)
            return "loaded without error"
        } catch {
            return "\(error)"
        }
    }

    /// Expects exactly one line ending in `file: suffix`.
    private func expectError(_ json: String, in file: String, _ suffix: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let message = try loadError(writing: json, to: file)
        #expect(message.hasSuffix("/\(file): \(suffix)"), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test func sentenceBertConfigFields() throws {
        let file = "sentence_bert_config.json"
        try expectError(#"{"do_lower_case": "yes"}"#, in: file, #"field "do_lower_case" must be a boolean (found a string)"#)
        try expectError(#"{"do_lower_case": 1}"#, in: file, #"field "do_lower_case" must be a boolean (found a number)"#)
        try expectError(#"{"max_seq_length": "256"}"#, in: file, #"field "max_seq_length" must be an integer (found a string)"#)
        try expectError(#"{"max_seq_length": true}"#, in: file, #"field "max_seq_length" must be an integer (found a boolean)"#)
        try expectError(#"{"max_seq_length": 12.5}"#, in: file, #"field "max_seq_length" must be an integer (found a number)"#)
        try expectError(#"{"max_seq_length": 0}"#, in: file, #"field "max_seq_length" must be a positive integer"#)
        try expectError(#"[256]"#, in: file, "must hold an object (found an array)")
    }

    @Test func poolingConfigFields() throws {
        let file = "1_Pooling/config.json"
        try expectError(#"{"word_embedding_dimension": 32, "pooling_mode_mean_tokens": 1}"#, in: file,
                        #"field "pooling_mode_mean_tokens" must be a boolean (found a number)"#)
        try expectError(#"{"word_embedding_dimension": 32, "pooling_mode_mean_tokens": true, "pooling_mode_cls_token": "false"}"#,
                        in: file, #"field "pooling_mode_cls_token" must be a boolean (found a string)"#)
        try expectError(#"{"embedding_dimension": 32, "pooling_mode": 3}"#, in: file,
                        #"field "pooling_mode" must be a string or an array of strings (found a number)"#)
        try expectError(#"{"embedding_dimension": 32, "pooling_mode": ["mean", 2]}"#, in: file,
                        #"field "pooling_mode[1]" must be a string (found a number)"#)
        try expectError(#"{"embedding_dimension": "32", "pooling_mode": "mean"}"#, in: file,
                        #"field "embedding_dimension" must be an integer (found a string)"#)
        try expectError(#"{"word_embedding_dimension": [32], "pooling_mode": "mean"}"#, in: file,
                        #"field "word_embedding_dimension" must be an integer (found an array)"#)
    }

    @Test func modulesFields() throws {
        let file = "modules.json"
        let transformer = #"{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}"#
        try expectError(#"{"0": {"path": "", "type": "Transformer"}}"#, in: file, "must hold an array (found an object)")
        try expectError("[\(transformer), {\"idx\": 1, \"name\": \"1\", \"type\": \"sentence_transformers.models.Pooling\"}]",
                        in: file, #"field "[1].path" is missing"#)
        try expectError("[\(transformer), {\"path\": 1, \"type\": \"sentence_transformers.models.Pooling\"}]",
                        in: file, #"field "[1].path" must be a string (found a number)"#)
        try expectError(#"[{"path": ""}]"#, in: file, #"field "[0].type" is missing"#)
        try expectError(#"[{"path": "", "type": ["Transformer"]}]"#, in: file, #"field "[0].type" must be a string (found an array)"#)
        try expectError(#"["sentence_transformers.models.Transformer"]"#, in: file, #"field "[0]" must be an object (found a string)"#)
    }

    @Test func promptFields() throws {
        let file = "config_sentence_transformers.json"
        try expectError(#"{"default_prompt_name": 5}"#, in: file, #"field "default_prompt_name" must be a string (found a number)"#)
        try expectError(#"{"default_prompt_name": "query", "prompts": ["query"]}"#, in: file,
                        #"field "prompts" must be an object (found an array)"#)
        try expectError(#"{"default_prompt_name": "query", "prompts": {"query": 0}}"#, in: file,
                        #"field "prompts.query" must be a string (found a number)"#)
        // sentence-transformers raises when default_prompt_name is not a key of "prompts".
        try expectError(#"{"default_prompt_name": "query", "prompts": {}}"#, in: file,
                        #"field "default_prompt_name" names prompt "query", which "prompts" does not define (it defines none)"#)
        try expectError(#"{"default_prompt_name": "query", "prompts": {"passage": "p: "}}"#, in: file,
                        #"field "default_prompt_name" names prompt "query", which "prompts" does not define (defined: passage)"#)
        try expectError(#"{"similarity_fn_name": "cos_sim"}"#, in: file,
                        #"field "similarity_fn_name" is "cos_sim" (supported: cosine, dot, euclidean, manhattan)"#)
        try expectError(#"{"similarity_fn_name": 1}"#, in: file,
                        #"field "similarity_fn_name" must be a string (found a number)"#)
    }

    @Test func malformedJSONNamesTheLine() throws {
        try expectError("{\n\"pooling_mode\": \"mean\",\n}", in: "1_Pooling/config.json", "not valid JSON (line 3: expected a string key)")
    }

    /// What changes vectors, without the file digests (which differ whenever a byte does).
    private func behaviour(_ model: SentenceTransformer) throws -> [String: String] {
        var components = model.fingerprintComponents().filter { !$0.key.hasPrefix("file ") }
        components["vector"] = try model.encode(["configs are read one way"])[0].map { String($0) }.joined(separator: ",")
        return components
    }

    /// Unknown fields are ignored, as sentence-transformers ignores keys it does not look up.
    @Test func unknownFieldsAreIgnored() throws {
        let original = try behaviour(SentenceTransformer(modelDirectory: Fixtures.tinyModel))
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data("""
            [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer", "kwargs": ["task"], "future": {"x": 1}},
             {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling", "future": null}]
            """.utf8).write(to: model.appendingPathComponent("modules.json"))
        try Data(#"{"embedding_dimension": 32, "pooling_mode": "mean", "include_prompt": true, "future": [1, "a"]}"#.utf8)
            .write(to: model.appendingPathComponent("1_Pooling/config.json"))
        try Data(#"{"transformer_task": "feature-extraction", "future": {"nested": true}}"#.utf8)
            .write(to: model.appendingPathComponent("sentence_bert_config.json"))
        try Data(#"{"default_prompt_name": null, "prompts": {"query": "", "document": ""}, "similarity_fn_name": "cosine", "future": 1}"#.utf8)
            .write(to: model.appendingPathComponent("config_sentence_transformers.json"))
        #expect(try behaviour(SentenceTransformer(modelDirectory: model)) == original)
    }

    /// Transformer(max_seq_length=None, do_lower_case=False) and Pooling's pooling_mode=None
    /// are sentence-transformers' defaults; null means the same as absent (Python's None).
    @Test func defaultsAreSentenceTransformers() throws {
        let original = try behaviour(SentenceTransformer(modelDirectory: Fixtures.tinyModel))
        #expect(original["tokenizer"]?.hasSuffix("lowercase_input=false") == true)
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try Data(#"{"max_seq_length": null, "do_lower_case": null}"#.utf8)
            .write(to: model.appendingPathComponent("sentence_bert_config.json"))
        try Data(#"{"embedding_dimension": 32, "pooling_mode": null, "pooling_mode_mean_tokens": true}"#.utf8)
            .write(to: model.appendingPathComponent("1_Pooling/config.json"))
        #expect(try behaviour(SentenceTransformer(modelDirectory: model)) == original)
        try Data(#"{"max_seq_length": 16.0, "do_lower_case": true}"#.utf8)
            .write(to: model.appendingPathComponent("sentence_bert_config.json"))
        let declared = try SentenceTransformer(modelDirectory: model)
        #expect(declared.maxSequenceLength == 16)
        #expect(declared.fingerprintComponents()["tokenizer"]?.hasSuffix("lowercase_input=true") == true)
    }

    /// sentence-transformers 6 converts the legacy flags as _convert_legacy_pooling_kwargs does:
    /// an absent flag is False, several are concatenated, and none set means mean.
    @Test func legacyPoolingFlagDefaults() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        let config = model.appendingPathComponent("1_Pooling/config.json")
        for (json, modes) in [(#"{"word_embedding_dimension": 32}"#, [PoolingMode.mean]),
                              (#"{"word_embedding_dimension": 32, "pooling_mode_cls_token": true}"#, [.cls]),
                              (#"{"word_embedding_dimension": 32, "pooling_mode_mean_tokens": false}"#, [.mean]),
                              (#"{"word_embedding_dimension": 32, "pooling_mode_lasttoken": true, "pooling_mode_cls_token": true}"#, [.cls, .lastToken])] {
            try Data(json.utf8).write(to: config)
            #expect(try SentenceTransformer(modelDirectory: model).pooling.modes == modes, "\(json)")
        }
        try expectError(#"{"word_embedding_dimension": 32, "include_prompt": "no"}"#, in: "1_Pooling/config.json",
                        #"field "include_prompt" must be a boolean (found a string)"#)
    }
}
