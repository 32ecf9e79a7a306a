import TestSupport
import Foundation
import Tokenization

/// Writes small hand-made tokenizer files, so logic can be checked on vocabularies small
/// enough to work out the expected tokens by hand.
enum TinyTokenizerFiles {
    /// The special tokens every tiny vocabulary starts with, ids 0...4.
    static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// A vocab.txt of `specials + tokens` (ids by line).
    static func vocabularyFile(_ tokens: [String]) -> String {
        (specials + tokens).joined(separator: "\n") + "\n"
    }

    /// A tokenizer.json with a WordPiece model over `specials + tokens`, the given normalizer
    /// JSON (`"null"` for none) and a [CLS] A [SEP] template.
    static func tokenizerJSON(_ tokens: [String], normalizer: String = bertNormalizer(),
                              modelType: String = "WordPiece", preTokenizer: String = #"{"type": "BertPreTokenizer"}"#,
                              maxInputCharsPerWord: Int = 100, addedTokens: String? = nil) -> String {
        let vocabulary = (specials + tokens).enumerated()
            .map { "\(jsonString($0.element)): \($0.offset)" }
            .joined(separator: ", ")
        let added = addedTokens ?? specials.enumerated()
            .map { #"{"id": \#($0.offset), "content": \#(jsonString($0.element)), "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}"# }
            .joined(separator: ", ")
        return """
        {
          "version": "1.0",
          "added_tokens": [\(added)],
          "normalizer": \(normalizer),
          "pre_tokenizer": \(preTokenizer),
          "post_processor": {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [],
            "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}},
          "model": {"type": \(jsonString(modelType)), "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                    "max_input_chars_per_word": \(maxInputCharsPerWord), "vocab": {\(vocabulary)}}
        }
        """
    }

    /// A BertNormalizer section; `stripAccents: nil` writes JSON null ("follow lowercase").
    static func bertNormalizer(lowercase: Bool = true, stripAccents: Bool? = nil,
                               handleChineseChars: Bool = true, cleanText: Bool = true) -> String {
        #"{"type": "BertNormalizer", "clean_text": \#(cleanText), "handle_chinese_chars": \#(handleChineseChars), "strip_accents": \#(stripAccents.map(String.init) ?? "null"), "lowercase": \#(lowercase)}"#
    }

    /// `text` as a JSON string literal, every non-ASCII scalar escaped so the file bytes are exact.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
            }
        }
        return result + "\""
    }

    /// Loads a tokenizer from a temporary tokenizer.json built from the arguments.
    static func tokenizer(_ tokens: [String], normalizer: String = bertNormalizer(), maxInputCharsPerWord: Int = 100,
                          addedTokens: String? = nil) throws -> Tokenizer {
        let directory = try self.directory(tokens, normalizer: normalizer, maxInputCharsPerWord: maxInputCharsPerWord,
                                           addedTokens: addedTokens)
        return try withExtendedLifetime(directory) { try Tokenizer.load(directory: directory.url) }
    }

    /// A directory holding a tokenizer.json built from the arguments.
    static func directory(_ tokens: [String], normalizer: String = bertNormalizer(), maxInputCharsPerWord: Int = 100,
                          addedTokens: String? = nil) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("tokenizer.json", tokenizerJSON(tokens, normalizer: normalizer,
                                                            maxInputCharsPerWord: maxInputCharsPerWord, addedTokens: addedTokens))
        return directory
    }
}
