import Foundation
import Testing
import TestSupport
import Tokenization

/// Settings the family fixtures do not cover (Metaspace schemes, normalizer combinations,
/// templates with several special tokens, byte fallback, added-token options), each a small
/// tokenizer.json made by `Fixtures/generators/make_tokenizer_variants.py` with the library's
/// ids and offsets beside it.
@Suite struct TokenizerVariantReferenceTests {
    /// The generator's truncation length.
    static let maxLength = 48

    static let variants = [
        "unigram-metaspace-first", "unigram-whitespace-metaspace-first", "unigram-metaspace-never-nosplit",
        "unigram-strip-replace-nfkc-metaspace-always-nosplit", "unigram-byte-fallback-prepend-replace-template",
        "wordpiece-nfkc-lowercase-strip-whitespacesplit", "wordpiece-nfd-strip-marks-lowercase", "wordpiece-nfkd-nfc",
        "wordpiece-added-token-options", "wordpiece-roberta-processing",
        "unigram-gspace-bytelevel-trim", "unigram-gspace-roberta-trim-prefix",
    ]

    @Test(arguments: variants)
    func variantMatchesReference(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("tokenizers/\(name)")
        let tokenizer = try Tokenizer.load(directory: folder)
        let tokenRows = try readJSONLines(folder.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let offsetRows = try readJSONLines(folder.appendingPathComponent("offsets.jsonl"), as: ReferenceOffsets.self)
        #expect(tokenRows.count == 83 && offsetRows.count == 83)
        var mismatches = 0
        for (row, offsets) in zip(tokenRows, offsetRows) {
            let tokens = tokenizer.tokenize(row.text, maxLength: Self.maxLength).tokens
            let spans = tokens.map { [$0.start, $0.end] }
            guard tokens.map(\.id) != row.ids || spans != offsets.offsets else { continue }
            mismatches += 1
            if mismatches <= 4 {
                Issue.record("""
                    \(name) \(row.text.debugDescription.prefix(80)):
                      got      \(tokens.map(\.text).prefix(24)) \(spans.prefix(24))
                      expected \(row.tokens.prefix(24)) \(offsets.offsets.prefix(24))
                    """)
            }
        }
        #expect(mismatches == 0, "\(name): \(mismatches) of \(tokenRows.count) texts differ")
    }

    /// The template's tokens: two before the text (one standing for two ids) and one after.
    @Test func templateWithSeveralSpecialTokensBefore() throws {
        let folder = Fixtures.root.appendingPathComponent("tokenizers/unigram-byte-fallback-prepend-replace-template")
        let tokenizer = try Tokenizer.load(directory: folder)
        #expect(tokenizer.prefixIds == [0, 4, 1])
        #expect(tokenizer.suffixIds == [2])
        #expect(tokenizer.clsId == 0 && tokenizer.sepId == 2)
        // Truncation leaves room for all four template tokens.
        #expect(tokenizer.tokenize(String(repeating: "word ", count: 40), maxLength: 10).tokens.count == 10)
        #expect(tokenizer.tokenize("word", maxLength: 2).ids == [0, 4, 1, 2])
    }
}
