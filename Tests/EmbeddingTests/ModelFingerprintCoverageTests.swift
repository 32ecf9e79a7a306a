import Embedding
import Foundation
import Testing
import TestSupport

/// The fingerprint components cover every byte of every file the loaders read, and exactly
/// those files: any edit that can change a vector changes the fingerprint.
@Suite struct ModelFingerprintCoverageTests {
    /// The tiny model copied to a scratch directory, with `edit` applied to `file`'s text.
    static func editedModel(_ file: String, in temp: TemporaryDirectory,
                            _ edit: (String) -> String) throws -> URL {
        let model = try temp.copy(Fixtures.tinyModel, as: "model-\(UUID().uuidString)")
        let url = model.appendingPathComponent(file)
        let original = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(original)
        try #require(edited != original, "the edit of \(file) changed nothing")
        try Data(edited.utf8).write(to: url)
        return model
    }

    static func components(_ directory: URL) throws -> [String: String] {
        try SentenceTransformer(modelDirectory: directory, threadCount: 1).fingerprintComponents()
    }

    @Test func theFilesHashedAreExactlyTheFilesRead() throws {
        let model = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1)
        #expect(Set(model.fileDigests.keys) == [
            "modules.json", "1_Pooling/config.json", "sentence_bert_config.json", "config_sentence_transformers.json",
            "config.json", "tokenizer.json", "tokenizer_config.json",
        ])
        let components = model.fingerprintComponents()
        for (path, digest) in model.fileDigests {
            #expect(components["file \(path)"] == digest)
            #expect(digest.count == 64)
        }
    }

    /// Each edit leaves a loadable model whose vectors (or tokens) differ from the original's,
    /// and each must change the components; before, the vocabulary size and a few settings
    /// were all that was recorded, so these edits reused the old vectors.
    @Test(arguments: [
        ("swap two vocabulary entries", "tokenizer.json", "\"[unused0]\": 1,\n      \"[unused1]\": 2,",
         "\"[unused0]\": 2,\n      \"[unused1]\": 1,"),
        ("add a token", "tokenizer.json", "\"added_tokens\": [",
         "\"added_tokens\": [{\"id\": 1, \"content\": \"semblance\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": true, \"special\": false},"),
        ("change the post-processor", "tokenizer.json", "\"ids\": [\n          102\n        ],",
         "\"ids\": [\n          103\n        ],"),
        ("change the layer-norm epsilon", "config.json", "\"layer_norm_eps\": 1e-12", "\"layer_norm_eps\": 1e-07"),
        ("change the pooling", "1_Pooling/config.json", "\"pooling_mode\": \"mean\"", "\"pooling_mode\": \"max\""),
        ("change a tokenizer setting", "tokenizer_config.json", "\"model_max_length\": 64", "\"model_max_length\": 32"),
        ("reformat a file", "modules.json", "[", "[\n"),
    ])
    func anEditThatCanChangeAVectorChangesTheComponents(change: String, file: String, from: String, to: String) throws {
        let temp = try TemporaryDirectory()
        let edited = try Self.editedModel(file, in: temp) { $0.replacingOccurrences(of: from, with: to) }
        let before = try Self.components(Fixtures.tinyModel)
        let after = try Self.components(edited)
        #expect(before != after, "\(change)")
        #expect(before["file \(file)"] != after["file \(file)"], "\(change)")
    }

    @Test func theAddedTokenReallyTokenizesDifferently() throws {
        let temp = try TemporaryDirectory()
        let edited = try Self.editedModel("tokenizer.json", in: temp) {
            $0.replacingOccurrences(of: "\"added_tokens\": [", with: "\"added_tokens\": [{\"id\": 1, \"content\": \"semblance\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": true, \"special\": false},")
        }
        let original = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1)
        let changed = try SentenceTransformer(modelDirectory: edited, threadCount: 1)
        #expect(original.tokenize("semblance").ids != changed.tokenize("semblance").ids)
        #expect(original.tokenizer.vocabularySize == changed.tokenizer.vocabularySize)
    }

    @Test func aFileTheLoadersDoNotReadChangesNothing() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        // tokenizer.json wins over vocab.txt, and README.md is never read.
        try Data("[PAD]\nunrelated\n".utf8).write(to: model.appendingPathComponent("vocab.txt"))
        try Data("notes".utf8).write(to: model.appendingPathComponent("README.md"))
        #expect(try Self.components(model) == Self.components(Fixtures.tinyModel))
    }

    @Test func aVocabularyFileModelHashesVocabTxtAndTheSpecialTokensMap() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        let tokenizer = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1).tokenizer
        let lines = (0..<tokenizer.vocabularySize).map { tokenizer.token(for: Int32($0)) ?? "[unused\($0)]" }
        try FileManager.default.removeItem(at: model.appendingPathComponent("tokenizer.json"))
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: model.appendingPathComponent("vocab.txt"))
        try Data("{\"unk_token\": \"[UNK]\"}".utf8).write(to: model.appendingPathComponent("special_tokens_map.json"))
        let loaded = try SentenceTransformer(modelDirectory: model, threadCount: 1)
        #expect(loaded.fileDigests["vocab.txt"] != nil)
        #expect(loaded.fileDigests["special_tokens_map.json"] != nil)
        #expect(loaded.fileDigests["tokenizer.json"] == nil)
    }

    /// The default prompt applies (as in sentence-transformers) and changes the fingerprint
    /// through the config file's hash.
    @Test func aDefaultPromptAppliesAndChangesTheFingerprint() throws {
        let temp = try TemporaryDirectory()
        let model = try Self.editedModel("config_sentence_transformers.json", in: temp) {
            $0.replacingOccurrences(of: "\"default_prompt_name\": null", with: "\"default_prompt_name\": \"query\"")
                .replacingOccurrences(of: "\"query\": \"\"", with: "\"query\": \"query: \"")
        }
        let prompted = try SentenceTransformer(modelDirectory: model, threadCount: 1)
        let plain = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, threadCount: 1)
        #expect(try prompted.encode(["a text"]) == plain.encode(["query: a text"]))
        #expect(prompted.fingerprintComponents() != plain.fingerprintComponents())
    }
}
