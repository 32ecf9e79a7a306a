import Foundation
import Testing
import TestSupport
import Tokenization

/// Loading failures and their one-line messages.
@Suite struct BertTokenizerLoadingTests {
    /// The description of the error that loading `directory` throws.
    private func loadError(_ directory: TemporaryDirectory) -> String? {
        do {
            _ = try Tokenizer.load(directory: directory.url)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func loadError(tokenizerJSON: String) throws -> String? {
        let directory = try TemporaryDirectory()
        try directory.write("tokenizer.json", tokenizerJSON)
        return loadError(directory)
    }

    @Test func missingDirectoryAndFiles() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/semblance-model")
        #expect(throws: TokenizationError.missingDirectory(path: missing.path)) {
            try Tokenizer.load(directory: missing)
        }
        let empty = try TemporaryDirectory()
        #expect(loadError(empty) == "\(empty.url.path): neither tokenizer.json nor vocab.txt found")
    }

    @Test func malformedJSONNamesFileAndLine() throws {
        #expect(try loadError(tokenizerJSON: "{\n  \"model\": \n") == "tokenizer.json:3: malformed JSON: unexpected end of data")
        #expect(try loadError(tokenizerJSON: "{\"model\": {\"type\": \"WordPiece\",}}") == "tokenizer.json:1: malformed JSON: expected a string key")
        #expect(try loadError(tokenizerJSON: "[1, 2] x") == "tokenizer.json:1: malformed JSON: unexpected data after the JSON value")
        #expect(try loadError(tokenizerJSON: "\"\\ud800\"") == "tokenizer.json:1: malformed JSON: lone leading surrogate in \\u escape")
        #expect(try loadError(tokenizerJSON: "[1, 2]") == "tokenizer.json: the top level must be an object, not an array")
        let deep = String(repeating: "[", count: 100_000)
        #expect(try loadError(tokenizerJSON: deep) == "tokenizer.json:1: malformed JSON: nesting deeper than 512 levels")
        let directory = try TemporaryDirectory()
        try directory.write("tokenizer.json", bytes: Array("{\"a\": \"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8))
        #expect(loadError(directory) == "tokenizer.json:1: malformed JSON: string is not valid UTF-8")
    }

    @Test func unsupportedComponentsAreNamed() throws {
        let valid = TinyTokenizerFiles.tokenizerJSON(["a"])
        #expect(try loadError(tokenizerJSON: valid) == nil)
        // The lists of supported types grow; the message names the field and the type on one line.
        func expectUnsupported(_ json: String, _ start: String) throws {
            let message = try #require(try loadError(tokenizerJSON: json))
            #expect(message.hasPrefix(start + " is not supported (expected "), "\(message)")
            #expect(!message.contains("\n"))
        }
        try expectUnsupported(TinyTokenizerFiles.tokenizerJSON(["a"], modelType: "NoSuchModel"),
                              #"tokenizer.json: model.type "NoSuchModel""#)
        try expectUnsupported(TinyTokenizerFiles.tokenizerJSON(["a"], normalizer: #"{"type": "NoSuchNormalizer"}"#),
                              #"tokenizer.json: normalizer.type "NoSuchNormalizer""#)
        try expectUnsupported(TinyTokenizerFiles.tokenizerJSON(["a"], normalizer: #"{"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Nope"}]}"#),
                              #"tokenizer.json: normalizer.normalizers[1].type "Nope""#)
        try expectUnsupported(TinyTokenizerFiles.tokenizerJSON(["a"], preTokenizer: #"{"type": "NoSuchPreTokenizer"}"#),
                              #"tokenizer.json: pre_tokenizer.type "NoSuchPreTokenizer""#)
        let processor = valid.replacingOccurrences(of: #""type": "TemplateProcessing""#, with: #""type": "NoSuchProcessor""#)
        try expectUnsupported(processor, #"tokenizer.json: post_processor.type "NoSuchProcessor""#)
        // A null pre-tokenizer is no pre-tokenizer, as in the library.
        #expect(try loadError(tokenizerJSON: TinyTokenizerFiles.tokenizerJSON(["a"], preTokenizer: "null")) == nil)
        #expect(try loadError(tokenizerJSON: TinyTokenizerFiles.tokenizerJSON(["a"], normalizer: #"{"lowercase": true}"#))
            == "tokenizer.json: normalizer.type is missing")
    }

    @Test func missingAndMistypedFields() throws {
        #expect(try loadError(tokenizerJSON: "{}") == "tokenizer.json: model is missing")
        #expect(try loadError(tokenizerJSON: #"{"model": {"type": "WordPiece"}}"#) == "tokenizer.json: model.vocab is missing")
        #expect(try loadError(tokenizerJSON: #"{"model": {"type": "WordPiece", "vocab": {}}}"#) == "tokenizer.json: contains no tokens")
        #expect(try loadError(tokenizerJSON: #"{"model": {"type": "WordPiece", "vocab": {"a": "0"}}}"#)
            == "tokenizer.json: model.vocab.\"a\" must be an integer in 0...2147483647")
        #expect(try loadError(tokenizerJSON: #"{"model": {"type": "WordPiece", "vocab": {"a": 0, "a": 1}}}"#)
            == "tokenizer.json: duplicate token \"a\"")
        #expect(try loadError(tokenizerJSON: #"{"model": {"type": "WordPiece", "vocab": {"a": 0}}}"#)
            == "tokenizer.json: unknown token \"[UNK]\" is not in the vocabulary")
        let badLowercase = TinyTokenizerFiles.tokenizerJSON(["a"], normalizer: #"{"type": "BertNormalizer", "lowercase": "yes"}"#)
        #expect(try loadError(tokenizerJSON: badLowercase) == "tokenizer.json: normalizer.lowercase must be true or false, not a string")
    }

    @Test func vocabularyFileErrorsNameTheLine() throws {
        let duplicate = try TemporaryDirectory()
        try duplicate.write("vocab.txt", "[UNK]\nfoo\nbar\nfoo\n")
        #expect(loadError(duplicate) == "vocab.txt:4: duplicate token \"foo\"")

        let noUnknown = try TemporaryDirectory()
        try noUnknown.write("vocab.txt", "[CLS]\n[SEP]\n")
        #expect(loadError(noUnknown) == "vocab.txt: unknown token \"[UNK]\" is not in the vocabulary")

        let noClassifier = try TemporaryDirectory()
        try noClassifier.write("vocab.txt", "[UNK]\n[SEP]\n[PAD]\n")
        #expect(loadError(noClassifier) == "vocab.txt: cls_token \"[CLS]\" is not in the vocabulary")

        let badBytes = try TemporaryDirectory()
        try badBytes.write("vocab.txt", bytes: Array("[UNK]\n".utf8) + [0xC3, 0x28, 0x0A])
        #expect(loadError(badBytes) == "vocab.txt:2: not valid UTF-8")

        let empty = try TemporaryDirectory()
        try empty.write("vocab.txt", "")
        #expect(loadError(empty) == "vocab.txt: contains no tokens")

        let badConfig = try TemporaryDirectory()
        try badConfig.write("vocab.txt", TinyTokenizerFiles.vocabularyFile(["a"]))
        try badConfig.write("tokenizer_config.json", #"{"do_lower_case": 1}"#)
        #expect(loadError(badConfig) == "tokenizer_config.json: do_lower_case must be true or false, not a number")
    }

    @Test func vocabularyFileWithConfigurationSettings() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", TinyTokenizerFiles.vocabularyFile(["Café", "cafe", "café"]))
        try directory.write("tokenizer_config.json", #"{"do_lower_case": false, "model_max_length": 1000000000000000019884624838656}"#)
        let tokenizer = try Tokenizer.load(directory: directory.url)
        #expect(tokenizer.settings == TokenizerSettings(lowercase: false, stripAccents: false, handleChineseChars: true, cleanText: true))
        #expect(tokenizer.modelMaxLength == nil)
        #expect(tokenizer.tokenize("Café", maxLength: 8).ids == [2, 5, 3])
        #expect(tokenizer.padId == 0 && tokenizer.unkId == 1 && tokenizer.clsId == 2 && tokenizer.sepId == 3)
        #expect(tokenizer.vocabularySize == 8)

        // CRLF line endings do not leave "\r" in the tokens.
        let crlf = try TemporaryDirectory()
        try crlf.write("vocab.txt", (TinyTokenizerFiles.specials + ["a"]).joined(separator: "\r\n"))
        #expect(try Tokenizer.load(directory: crlf.url).id(for: "a") == 5)
    }

    @Test func tokenizerJSONIsPreferredOverVocabularyFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", "not a vocabulary with [UNK]\n")
        try directory.write("tokenizer.json", TinyTokenizerFiles.tokenizerJSON(["hello"]))
        #expect(try Tokenizer.load(directory: directory.url).tokenize("hello", maxLength: 8).ids == [2, 5, 3])
    }
}
