import Foundation
import Testing
import TestSupport
import Tokenization

/// Cutting to `maxLength` tokens including [CLS] and [SEP], keeping what was cut.
@Suite struct BertTokenizerTruncationTests {
    /// The reference texts that reach the limit, with the limit.
    private func longReferenceTexts(_ reference: URL, maxLength: Int) throws -> [String] {
        try readJSONLines(reference, as: ReferenceTokens.self).filter { $0.ids.count == maxLength }.map(\.text)
    }

    private func expectCutAt(_ maxLength: Int, tokenizer: Tokenizer, texts: [String]) {
        #expect(!texts.isEmpty)
        for text in texts {
            let cut = tokenizer.tokenize(text, maxLength: maxLength)
            let whole = tokenizer.tokenize(text, maxLength: Int.max)
            #expect(cut.tokens.count == maxLength)
            #expect(cut.tokens.first?.id == tokenizer.clsId && cut.tokens.last?.id == tokenizer.sepId)
            #expect(whole.truncatedTokens.isEmpty)
            // Kept and cut wordpieces together are exactly the untruncated wordpieces, in order.
            #expect(Array(cut.tokens.dropFirst().dropLast()) + cut.truncatedTokens == Array(whole.tokens.dropFirst().dropLast()))
            #expect(cut.truncatedTokens.count == whole.tokens.count - maxLength)
        }
    }

    @Test func defaultModelCutsAt256() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        let texts = try longReferenceTexts(Fixtures.miniLMReference.appendingPathComponent("tokens.jsonl"), maxLength: 256)
        #expect(texts.count == 2)
        expectCutAt(256, tokenizer: tokenizer, texts: texts)
    }

    @Test func tinyModelCutsAtItsModelMaxLength() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        let texts = try longReferenceTexts(Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), maxLength: 64)
        #expect(texts.count == 2)
        expectCutAt(64, tokenizer: tokenizer, texts: texts)
    }

    @Test func limitsTooSmallForAnyWordpieceKeepOnlyTheTemplate() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        for maxLength in [Int.min, -1, 0, 1, 2] {
            let result = tokenizer.tokenize("one two", maxLength: maxLength)
            #expect(result.ids == [101, 102])
            #expect(result.truncatedTokens.map(\.text) == ["one", "two"])
        }
        let three = tokenizer.tokenize("one two", maxLength: 3)
        #expect(three.tokens.map(\.text) == ["[CLS]", "one", "[SEP]"])
        #expect(three.truncatedTokens.map(\.text) == ["two"])
    }

    @Test func emptyAndBlankTextsAreJustTheTemplate() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        for text in ["", " ", "\u{200B}\t\n"] {
            let result = tokenizer.tokenize(text, maxLength: 64)
            #expect(result.ids == [101, 102])
            #expect(result.truncatedTokens.isEmpty)
        }
    }
}
