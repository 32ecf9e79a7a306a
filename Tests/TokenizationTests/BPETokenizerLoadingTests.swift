import Foundation
import Testing
import TestSupport
import Tokenization

/// Hand-made BPE tokenizer.json files: merge order worked out by hand, and every refused input
/// giving one line that names the file and the field.
@Suite struct BPETokenizerLoadingTests {
    /// A tokenizer.json with a BPE model over `vocabulary` (ids by position), `merges` written
    /// verbatim as JSON, no normalizer or post-processor.
    static func tokenizerJSON(vocabulary: [String], merges: String, modelFields: String = "",
                              preTokenizer: String = "null") -> String {
        let vocab = vocabulary.enumerated().map { "\(TinyTokenizerFiles.jsonString($0.element)): \($0.offset)" }.joined(separator: ", ")
        return """
        {"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": \(preTokenizer), "post_processor": null,
         "model": {"type": "BPE", \(modelFields) "vocab": {\(vocab)}, "merges": \(merges)}}
        """
    }

    static func load(_ json: String) throws -> PublicTokenizer {
        let directory = try TemporaryDirectory()
        _ = try directory.write("tokenizer.json", json)
        return try withExtendedLifetime(directory) { try PublicTokenizer.load(directory: directory.url) }
    }

    /// The one-line message loading `json` fails with.
    static func loadError(_ json: String) -> String {
        do {
            _ = try load(json)
            return "loaded"
        } catch {
            return String(describing: error)
        }
    }

    static let letters = ["<pad>", "a", "b", "c", "ab", "bc", "abc"]

    @Test func lowestRankedMergeApplies() throws {
        let bcFirst = try Self.load(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"[["b", "c"], ["a", "b"], ["ab", "c"]]"#))
        #expect(bcFirst.tokenize("abc", maxLength: 10).tokens.map(\.text) == ["a", "bc"])
        let abFirst = try Self.load(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"[["a", "b"], ["b", "c"], ["ab", "c"]]"#))
        let tokens = abFirst.tokenize("abc", maxLength: 10).tokens
        #expect(tokens.map(\.text) == ["abc"])
        #expect(tokens.map { [$0.start, $0.end] } == [[0, 3]])
    }

    @Test func legacyMergeStringsEqualPairs() throws {
        let legacy = try Self.load(Self.tokenizerJSON(vocabulary: Self.letters, merges: ##"["#version: 0.2", "a b", "ab c"]"##))
        #expect(legacy.tokenize("abcab", maxLength: 10).tokens.map(\.text) == ["abc", "ab"])
    }

    @Test func mergeNamingAnUnknownTokenIsRefused() {
        let message = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"[["a", "b"], ["c", "x"]]"#))
        #expect(message == #"tokenizer.json: model.merges[1] names "x", which is not in model.vocab"#)
        let result = Self.loadError(Self.tokenizerJSON(vocabulary: ["<pad>", "a", "c"], merges: #"["a c"]"#))
        #expect(result == #"tokenizer.json: model.merges[0] names "ac", which is not in model.vocab"#)
    }

    @Test func malformedMergesAreRefused() {
        #expect(Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b c"]"#))
            == #"tokenizer.json: model.merges[0] must be two tokens separated by one space, not "a b c""#)
        #expect(Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b", ["b", "c"]]"#))
            == "tokenizer.json: model.merges[1] must be a string like the other merges, not an array")
        #expect(Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"[["a"]]"#))
            == "tokenizer.json: model.merges[0] must be a pair of two token strings")
        #expect(Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "null")) == "tokenizer.json: model.merges is missing")
    }

    @Test func dropoutIsRefusedUnlessDeterministic() throws {
        let random = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b"]"#, modelFields: #""dropout": 0.1,"#))
        #expect(random.hasPrefix("tokenizer.json: model.dropout 0.1 is not supported"))
        #expect(Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b"]"#, modelFields: #""dropout": 1.5,"#))
            == "tokenizer.json: model.dropout must be a number in 0...1 or null")
        // 0 is no dropout; 1 drops every merge, which is deterministic again.
        let none = try Self.load(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b"]"#, modelFields: #""dropout": 0,"#))
        #expect(none.tokenize("ab", maxLength: 10).tokens.map(\.text) == ["ab"])
        let every = try Self.load(Self.tokenizerJSON(vocabulary: Self.letters, merges: #"["a b"]"#, modelFields: #""dropout": 1.0,"#))
        #expect(every.tokenize("ab", maxLength: 10).tokens.map(\.text) == ["a", "b"])
    }

    @Test func splitRegexWithAnotherMeaningIsRefused() {
        func split(_ regex: String) -> String {
            #"{"type": "Split", "pattern": {"Regex": \#(TinyTokenizerFiles.jsonString(regex))}, "behavior": "Isolated", "invert": false}"#
        }
        let hex = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "[]", preTokenizer: split(#"\h+"#)))
        #expect(hex.hasPrefix(#"tokenizer.json: pre_tokenizer.pattern.Regex uses \h"#))
        // Oniguruma's word characters come from its own tables, which Swift's `\w` does not share.
        let word = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "[]", preTokenizer: split(#"\w+"#)))
        #expect(word == #"tokenizer.json: pre_tokenizer.pattern.Regex uses \w, which Semblance cannot run with Oniguruma's meaning"#)
        let dotAll = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "[]", preTokenizer: split("(?m).")))
        #expect(dotAll.hasPrefix("tokenizer.json: pre_tokenizer.pattern.Regex uses the inline option (?m"))
        let behind = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "[]", preTokenizer: split(#"(?<=a)b"#)))
        #expect(behind.hasPrefix("tokenizer.json: pre_tokenizer.pattern.Regex cannot be compiled"))
        #expect(!behind.contains("\n"))
        let behaviour = Self.loadError(Self.tokenizerJSON(vocabulary: Self.letters, merges: "[]",
            preTokenizer: #"{"type": "Punctuation", "behavior": "Sideways"}"#))
        #expect(behaviour == #"tokenizer.json: pre_tokenizer.behavior "Sideways" is not supported (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)"#)
    }

    @Test func splitRegexRunsOverScalarsNotCharacters() throws {
        // "e" + U+0301 is one Character; the split must still fall between the two scalars.
        let vocabulary = ["<pad>", "e", "\u{301}", "x"]
        let tokenizer = try Self.load(Self.tokenizerJSON(vocabulary: vocabulary, merges: "[]", preTokenizer:
            #"{"type": "Split", "pattern": {"Regex": "\\p{Mn}"}, "behavior": "Isolated", "invert": false}"#))
        let tokens = tokenizer.tokenize("xe\u{301}x", maxLength: 10).tokens
        #expect(tokens.map { [$0.start, $0.end] } == [[0, 1], [1, 2], [2, 3], [3, 4]])
    }
}
