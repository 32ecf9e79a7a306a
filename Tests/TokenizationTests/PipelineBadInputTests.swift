import Foundation
import Testing
import TestSupport
import Tokenization

/// Malformed pipeline sections: each is one line naming the file and the field, and damaged
/// charsmaps that still parse never trap while normalizing.
@Suite struct PipelineBadInputTests {
    /// A Unigram tokenizer.json with the given normalizer section and vocabulary JSON.
    private static func unigramJSON(normalizer: String = "null",
                                    vocabulary: String = #"[["<unk>", 0.0], ["<pad>", 0.0], ["▁", -1.0], ["a", -2.0], ["b", -2.5], ["ab", -3.0]]"#) -> String {
        """
        {"added_tokens": [], "normalizer": \(normalizer),
         "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
         "post_processor": null,
         "model": {"type": "Unigram", "unk_id": 0, "vocab": \(vocabulary), "byte_fallback": false}}
        """
    }

    private static func loadError(_ json: String) throws -> String? {
        let directory = try TemporaryDirectory()
        try directory.write("tokenizer.json", json)
        do {
            _ = try Tokenizer.load(directory: directory.url)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static func precompiled(_ blob: [UInt8]) -> String {
        #"{"type": "Precompiled", "precompiled_charsmap": "\#(Data(blob).base64EncodedString())"}"#
    }

    /// The real nmt_nfkc charsmap of the XLM-R fixture, decoded.
    private static func realCharsmap() throws -> [UInt8] {
        let url = Fixtures.root.appendingPathComponent("models/tiny-xlmr-unigram/tokenizer.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let normalizer = try #require(root["normalizer"] as? [String: Any])
        let base64 = try #require(normalizer["precompiled_charsmap"] as? String)
        return [UInt8](try #require(Data(base64Encoded: base64)))
    }

    @Test func validUnigramLoads() throws {
        #expect(try Self.loadError(Self.unigramJSON()) == nil)
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled(try Self.realCharsmap()))) == nil)
    }

    @Test func truncatedCharsmapIsNamed() throws {
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled([0x10, 0x00])))
            == "tokenizer.json: normalizer.precompiled_charsmap is truncated: 2 bytes, shorter than its 4-byte trie size")
        // The real charsmap cut inside its trie.
        let real = try Self.realCharsmap()
        let cut = Array(real.prefix(1000))
        let declared = Int(real[0]) | Int(real[1]) << 8 | Int(real[2]) << 16 | Int(real[3]) << 24
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled(cut)))
            == "tokenizer.json: normalizer.precompiled_charsmap declares a \(declared)-byte trie but only 996 bytes follow its size")
        #expect(try Self.loadError(Self.unigramJSON(normalizer: #"{"type": "Precompiled", "precompiled_charsmap": "not base64!"}"#))
            == "tokenizer.json: normalizer.precompiled_charsmap is not valid base64")
        #expect(try Self.loadError(Self.unigramJSON(normalizer: #"{"type": "Precompiled"}"#))
            == "tokenizer.json: normalizer.precompiled_charsmap is missing")
    }

    @Test func charsmapLyingAboutItsSizesIsNamed() throws {
        // A size far beyond the blob, and one whose trie swallows everything but leaves bad UTF-8.
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled([0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4]))).map { $0.contains("declares a 2147483647-byte trie but only 4 bytes follow its size") } == true)
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled([0, 0, 0, 0, 0x41])))
            == "tokenizer.json: normalizer.precompiled_charsmap has an empty trie")
        #expect(try Self.loadError(Self.unigramJSON(normalizer: Self.precompiled([4, 0, 0, 0, 0, 0, 0, 0, 0xC3, 0x28])))
            == "tokenizer.json: normalizer.precompiled_charsmap has replacement strings that are not valid UTF-8")
        // Inside a Sequence the path says where.
        let sequence = #"{"type": "Sequence", "normalizers": [{"type": "NFKC"}, \#(Self.precompiled([1, 0]))]}"#
        #expect(try Self.loadError(Self.unigramJSON(normalizer: sequence))
            == "tokenizer.json: normalizer.normalizers[1].precompiled_charsmap is truncated: 2 bytes, shorter than its 4-byte trie size")
    }

    /// A charsmap whose trie units are damaged still parses; normalizing with it must never trap
    /// (the Rust crate would panic on an out-of-range index) and must keep offsets in range.
    @Test func damagedCharsmapTriesNeverTrap() throws {
        let real = try Self.realCharsmap()
        let trieEnd = 4 + (Int(real[0]) | Int(real[1]) << 8 | Int(real[2]) << 16 | Int(real[3]) << 24)
        var generator = SplitMix64(seed: 14)
        let texts = ["Hello, world!", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ ﬁ ① ½", "日本語のテキストです。", "Café déjà vu", "emoji 😀👍🏽🇺🇸", "\u{200B}x\u{0007}"]
        for _ in 0..<12 {
            var damaged = real
            for _ in 0..<2_000 {
                let index = Int.random(in: 4..<trieEnd, using: &generator)
                damaged[index] = UInt8.random(in: 0...255, using: &generator)
            }
            let directory = try TemporaryDirectory()
            try directory.write("tokenizer.json", Self.unigramJSON(normalizer: Self.precompiled(damaged)))
            let tokenizer = try Tokenizer.load(directory: directory.url)
            for text in texts {
                let count = text.unicodeScalars.count
                for token in tokenizer.tokenize(text, maxLength: 512).tokens {
                    #expect(token.start >= 0 && token.start <= token.end && token.end <= count)
                }
            }
        }
    }

    @Test func unknownNormalizerTypeIsNamed() throws {
        #expect(try Self.loadError(Self.unigramJSON(normalizer: #"{"type": "Fancy"}"#))
            == #"tokenizer.json: normalizer.type "Fancy" is not supported (expected BertNormalizer, Precompiled, Sequence, Strip, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Prepend)"#)
    }

    @Test func unigramEntriesMustBePieceAndScore() throws {
        for bad in [#"["b", "x"]"#, #"["b"]"#, #"["b", -1.0, 2]"#, #"[1, -1.0]"#, #""b""#, #"{"b": -1.0}"#] {
            #expect(try Self.loadError(Self.unigramJSON(vocabulary: #"[["<unk>", 0.0], \#(bad)]"#))
                == "tokenizer.json: model.vocab[1] must be [piece, score]")
        }
        #expect(try Self.loadError(Self.unigramJSON(vocabulary: "[]")) == "tokenizer.json: contains no tokens")
        #expect(try Self.loadError(Self.unigramJSON(vocabulary: #"{"a": 1}"#))
            == "tokenizer.json: model.vocab must be an array, not an object")
        let badUnknown = Self.unigramJSON().replacingOccurrences(of: #""unk_id": 0"#, with: #""unk_id": 99"#)
        #expect(try Self.loadError(badUnknown) == "tokenizer.json: model.unk_id must be an integer in 0...5")
    }

    @Test func badMetaspaceAndTemplateFieldsAreNamed() throws {
        let scheme = Self.unigramJSON().replacingOccurrences(of: #""prepend_scheme": "always""#, with: #""prepend_scheme": "sometimes""#)
        #expect(try Self.loadError(scheme)
            == #"tokenizer.json: pre_tokenizer.prepend_scheme "sometimes" is not supported (expected always, first, never)"#)
        let replacement = Self.unigramJSON().replacingOccurrences(of: #""replacement": "▁""#, with: #""replacement": "__""#)
        #expect(try Self.loadError(replacement) == "tokenizer.json: pre_tokenizer.replacement must be a single character")
        let template = Self.unigramJSON().replacingOccurrences(of: #""post_processor": null"#, with: #"""
            "post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}], "special_tokens": {"</s>": {"id": "</s>", "ids": [1, 2], "tokens": ["</s>"]}}}
            """#)
        #expect(try Self.loadError(template)
            == #"tokenizer.json: post_processor.special_tokens."</s>" must have as many ids as tokens, at least one (2 ids, 1 tokens)"#)
    }

    /// Hand-checked Viterbi: "ab" scores -3.0 whole against -4.5 in two; unknown scalars fuse.
    @Test func unigramPicksTheBestSegmentationAndFusesUnknowns() throws {
        let directory = try TemporaryDirectory()
        try directory.write("tokenizer.json", Self.unigramJSON())
        let tokenizer = try Tokenizer.load(directory: directory.url)
        #expect(tokenizer.tokenize("ab", maxLength: 16).tokens.map(\.text) == ["▁", "ab"])
        let mixed = tokenizer.tokenize("xyab", maxLength: 16).tokens
        // The fused unknown keeps the text it covers, as the library's token does.
        #expect(mixed.map(\.text) == ["▁", "xy", "ab"])
        #expect(mixed.map(\.id) == [2, 0, 5])
        #expect(mixed.map { [$0.start, $0.end] } == [[0, 1], [0, 2], [2, 4]])
        #expect(tokenizer.unkId == 0 && tokenizer.clsId == nil && tokenizer.sepId == nil)
    }
}
