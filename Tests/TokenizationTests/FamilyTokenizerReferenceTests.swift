import Foundation
import Testing
import TestSupport
import Tokenization

/// Token ids and offsets against the tokenizers library on the 340 reference texts, for the
/// model families beyond BERT (Unigram + Precompiled + Metaspace, WordPiece + RobertaProcessing,
/// DistilBERT's template).
@Suite struct FamilyTokenizerReferenceTests {
    /// Compares every text's ids and offsets with `reference/<name>/tokens.jsonl` and `offsets.jsonl`.
    static func expectMatchesReference(_ tokenizer: Tokenizer, reference name: String, maxLength: Int,
                                       folder: URL? = nil) throws {
        let folder = folder ?? Fixtures.root.appendingPathComponent("reference/\(name)")
        let tokenRows = try readJSONLines(folder.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let offsetRows = try readJSONLines(folder.appendingPathComponent("offsets.jsonl"), as: ReferenceOffsets.self)
        #expect(tokenRows.count == offsetRows.count)
        var idMismatches = 0
        var offsetMismatches = 0
        for (row, offsets) in zip(tokenRows, offsetRows) {
            let tokens = tokenizer.tokenize(row.text, maxLength: maxLength).tokens
            if tokens.map(\.id) != row.ids {
                idMismatches += 1
                if idMismatches <= 5 {
                    Issue.record("\(name): ids differ for \(row.text.debugDescription.prefix(80)): got \(tokens.map(\.text).prefix(30)), expected \(row.tokens.prefix(30))")
                }
            }
            let spans = tokens.map { [$0.start, $0.end] }
            if spans != offsets.offsets {
                offsetMismatches += 1
                if offsetMismatches <= 5 {
                    let first = zip(spans, offsets.offsets).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(spans.count, offsets.offsets.count)
                    Issue.record("\(name): offsets differ for \(row.text.debugDescription.prefix(80)) at token \(first): got \(spans.dropFirst(first).prefix(4)), expected \(offsets.offsets.dropFirst(first).prefix(4))")
                }
            }
        }
        #expect(idMismatches == 0, "\(name): \(idMismatches) of \(tokenRows.count) texts with different ids")
        #expect(offsetMismatches == 0, "\(name): \(offsetMismatches) of \(tokenRows.count) texts with different offsets")
    }

    private static func model(_ name: String) -> URL { Fixtures.root.appendingPathComponent("models/\(name)") }

    @Test func xlmRobertaUnigramMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Self.model("tiny-xlmr-unigram"))
        try Self.expectMatchesReference(tokenizer, reference: "tiny-xlmr-unigram", maxLength: 64)
    }

    @Test func tinyMPNetMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Self.model("tiny-mpnet"))
        try Self.expectMatchesReference(tokenizer, reference: "tiny-mpnet", maxLength: 128)
    }

    /// The real all-mpnet-base-v2 uses the same tokenizer as tiny-mpnet, with max_seq_length 384.
    @Test func allMPNetBaseMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Self.model("tiny-mpnet"))
        try Self.expectMatchesReference(tokenizer, reference: "all-mpnet-base-v2", maxLength: 384)
    }

    @Test func distilBERTMatchesReference() throws {
        let tokenizer = try Tokenizer.load(directory: Self.model("tiny-distilbert-dense-prompts"))
        try Self.expectMatchesReference(tokenizer, reference: "tiny-distilbert-dense-prompts", maxLength: 64)
    }

    /// More texts through the same tokenizers (`generators/make_tokenizer_variants.py`): literal
    /// added tokens (MPNet's lstrip `<mask>`, normalized `<unk>`) and runs of code points from
    /// U+00A0 to U+2FFF and the fullwidth block, which exercise the charsmap's rules.
    @Test(arguments: [("tiny-xlmr-unigram", "tiny-xlmr-unigram-extra"), ("tiny-mpnet", "tiny-mpnet-extra")])
    func extraTextsMatchReference(_ model: String, _ reference: String) throws {
        let tokenizer = try Tokenizer.load(directory: Self.model(model))
        try Self.expectMatchesReference(tokenizer, reference: reference, maxLength: 512,
                                        folder: Fixtures.root.appendingPathComponent("tokenizers/\(reference)"))
    }
}
