import Foundation
import Testing
import TestSupport
import Tokenization

/// Token ids against the HF `tokenizers` 0.23 reference, 340 texts per model.
@Suite struct BertTokenizerReferenceTests {
    /// Compares every reference row; reports each mismatching text with both id lists.
    private func expectMatchesReference(_ tokenizer: Tokenizer, reference: URL, maxLength: Int) throws {
        let rows = try readJSONLines(reference, as: ReferenceTokens.self)
        #expect(rows.count == 340)
        var mismatches = 0
        for row in rows {
            let tokenized = tokenizer.tokenize(row.text, maxLength: maxLength)
            if tokenized.ids != row.ids {
                mismatches += 1
                Issue.record("ids differ for \(row.text.debugDescription.prefix(120)): got \(tokenized.ids.prefix(40)), expected \(row.ids.prefix(40))")
            } else {
                #expect(tokenized.tokens.map(\.text) == row.tokens, "token strings differ for \(row.text.debugDescription.prefix(120))")
            }
        }
        #expect(mismatches == 0)
    }

    @Test func miniLMTokenizerJSONMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        try expectMatchesReference(tokenizer, reference: Fixtures.miniLMReference.appendingPathComponent("tokens.jsonl"), maxLength: 256)
    }

    @Test func tinyModelTokenizerJSONMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        #expect(tokenizer.modelMaxLength == 64)
        let maxLength = try #require(tokenizer.modelMaxLength)
        try expectMatchesReference(tokenizer, reference: Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), maxLength: maxLength)
    }

    /// The legacy path: only vocab.txt and the config files of the default model.
    @Test func miniLMVocabularyFileMatchesReference() throws {
        let directory = try TemporaryDirectory()
        for name in ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json"] {
            try FileManager.default.copyItem(at: Fixtures.miniLMModel.appendingPathComponent(name),
                                             to: directory.url.appendingPathComponent(name))
        }
        let tokenizer = try Tokenizer.load(directory: directory.url)
        let fromJSON = try Tokenizer.load(directory: Fixtures.miniLMModel)
        #expect(tokenizer.settings == fromJSON.settings)
        #expect(tokenizer.vocabularySize == fromJSON.vocabularySize)
        try expectMatchesReference(tokenizer, reference: Fixtures.miniLMReference.appendingPathComponent("tokens.jsonl"), maxLength: 256)
    }

    @Test func specialIdsAndSizesOfTheDefaultModel() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        #expect(tokenizer.clsId == 101)
        #expect(tokenizer.sepId == 102)
        #expect(tokenizer.unkId == 100)
        #expect(tokenizer.padId == 0)
        #expect(tokenizer.vocabularySize == 30522)
        #expect(tokenizer.modelMaxLength == 512)
        #expect(tokenizer.settings == TokenizerSettings(lowercase: true, stripAccents: true, handleChineseChars: true, cleanText: true))
        #expect(tokenizer.id(for: "##ing") == 2075)
        #expect(tokenizer.token(for: 2075) == "##ing")
        #expect(tokenizer.id(for: "[MASK]") == 103)
        #expect(tokenizer.id(for: "not-a-token") == nil)
    }
}
