import Foundation
import Testing
import TestSupport
import Tokenization

/// Byte-level BPE (RoBERTa) against the tokenizers library: ids and offsets of the 340 texts.
@Suite struct BPETokenizerReferenceTests {
    static let model = Fixtures.root.appendingPathComponent("models/tiny-roberta-bpe")
    static let reference = Fixtures.root.appendingPathComponent("reference/tiny-roberta-bpe")

    @Test func tinyRobertaIdsMatchReference() throws {
        let tokenizer = try PublicTokenizer.load(directory: Self.model)
        let maxLength = try #require(tokenizer.modelMaxLength)
        #expect(maxLength == 64)
        let rows = try readJSONLines(Self.reference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
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

    @Test func tinyRobertaOffsetsMatchReference() throws {
        let tokenizer = try PublicTokenizer.load(directory: Self.model)
        let maxLength = try #require(tokenizer.modelMaxLength)
        let rows = try readJSONLines(Self.reference.appendingPathComponent("offsets.jsonl"), as: ReferenceOffsets.self)
        #expect(rows.count == 340)
        var mismatches = 0
        for row in rows {
            let spans = tokenizer.tokenize(row.text, maxLength: maxLength).tokens.map { [$0.start, $0.end] }
            if spans != row.offsets {
                mismatches += 1
                let first = zip(spans, row.offsets).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(spans.count, row.offsets.count)
                Issue.record("offsets differ for \(row.text.debugDescription.prefix(80)) at token \(first): got \(spans.dropFirst(first).prefix(4)), expected \(row.offsets.dropFirst(first).prefix(4))")
            }
        }
        #expect(mismatches == 0)
    }
}

/// The public tokenizer type the BPE tests load through (one place to follow its rename).
typealias PublicTokenizer = Tokenizer
