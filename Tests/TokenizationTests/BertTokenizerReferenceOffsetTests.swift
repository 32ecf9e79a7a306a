import Foundation
import Testing
import TestSupport
import Tokenization

/// Token spans against the tokenizers library's `offset_mapping`, 340 texts per model.
@Suite struct BertTokenizerReferenceOffsetTests {
    /// Every token's `[start, end)` must equal the reference (`[0, 0]` for the added [CLS] and [SEP]).
    private func expectOffsetsMatch(_ tokenizer: Tokenizer, reference: URL, maxLength: Int) throws {
        let rows = try readJSONLines(reference, as: ReferenceOffsets.self)
        #expect(rows.count == 340)
        var mismatches = 0
        for row in rows {
            let tokens = tokenizer.tokenize(row.text, maxLength: maxLength).tokens
            let spans = tokens.map { [$0.start, $0.end] }
            if spans != row.offsets {
                mismatches += 1
                let first = zip(spans, row.offsets).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(spans.count, row.offsets.count)
                Issue.record("offsets differ for \(row.text.debugDescription.prefix(80)) at token \(first): got \(spans.dropFirst(first).prefix(4)), expected \(row.offsets.dropFirst(first).prefix(4)) (\(spans.count) vs \(row.offsets.count) tokens)")
            }
        }
        #expect(mismatches == 0)
    }

    @Test func miniLMOffsetsMatchReference() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        try expectOffsetsMatch(tokenizer, reference: Fixtures.miniLMReference.appendingPathComponent("offsets.jsonl"), maxLength: 256)
    }

    @Test func tinyModelOffsetsMatchReference() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        let maxLength = try #require(tokenizer.modelMaxLength)
        try expectOffsetsMatch(tokenizer, reference: Fixtures.tinyReference.appendingPathComponent("offsets.jsonl"), maxLength: maxLength)
    }
}
