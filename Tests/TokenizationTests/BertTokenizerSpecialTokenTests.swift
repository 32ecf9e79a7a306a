import Foundation
import Testing
import TestSupport
import Tokenization

/// Special and added tokens written in the text.
@Suite struct BertTokenizerSpecialTokenTests {
    @Test func literalSpecialTokensMapToTheirIdsAnywhereInTheText() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        let tokens = tokenizer.tokenize("x[MASK]y [PAD][UNK]", maxLength: 32).tokens
        #expect(tokens.map(\.text) == ["[CLS]", "x", "[MASK]", "y", "[PAD]", "[UNK]", "[SEP]"])
        #expect(tokens.map(\.id) == [101, 1060, 103, 1061, 0, 100, 102])
        #expect(tokens.map(\.isSpecial) == [true, false, true, false, true, true, true])
        #expect(tokens[2].start == 1 && tokens[2].end == 7)
        #expect(tokens[4].start == 9 && tokens[4].end == 14)
    }

    @Test func specialTokensMatchOnlyTheirExactRawSpelling() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        // Special tokens are not normalized: lowercase or broken spellings are ordinary punctuation and words.
        #expect(tokenizer.tokenize("[sep]", maxLength: 16).tokens.map(\.text) == ["[CLS]", "[", "sep", "]", "[SEP]"])
        #expect(tokenizer.tokenize("[SEP", maxLength: 16).tokens.map(\.text) == ["[CLS]", "[", "sep", "[SEP]"])
        #expect(tokenizer.tokenize("[SE\u{200B}P]", maxLength: 16).tokens.map(\.text) == ["[CLS]", "[", "sep", "]", "[SEP]"])
    }

    @Test func anUnknownWordIsNotSpecialButALiteralUnknownIs() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        let tokens = tokenizer.tokenize("😀 [UNK]", maxLength: 16).tokens
        #expect(tokens.map(\.id) == [101, 100, 100, 102])
        #expect(tokens.map(\.isSpecial) == [true, false, true, true])
    }

    @Test func normalizedAddedTokensMatchAfterNormalization() throws {
        let added = #"""
        {"id": 0, "content": "[PAD]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 1, "content": "[UNK]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 2, "content": "[CLS]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 3, "content": "[SEP]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 9, "content": "New York", "special": false, "normalized": true, "single_word": false, "lstrip": false, "rstrip": false}
        """#
        let tokenizer = try TinyTokenizerFiles.tokenizer(["in", "new", "york", "##s"], addedTokens: added)
        let tokens = tokenizer.tokenize("in NEW YORK new yorks", maxLength: 32).tokens
        // "NEW YORK" normalizes to "new york", as does the pattern, so it matches; "new york"
        // inside "new yorks" matches too, leaving the word "s", which only exists as "##s".
        // As in the library, a match's text is the (normalized) text it matched.
        #expect(tokens.map(\.text) == ["[CLS]", "in", "new york", "new york", "[UNK]", "[SEP]"])
        #expect(tokens[2].id == 9 && tokens[2].start == 3 && tokens[2].end == 11)
        #expect(tokens[2].isSpecial == false)
    }

    @Test func stripAndSingleWordOptionsOfAddedTokens() throws {
        let added = #"""
        {"id": 1, "content": "[UNK]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 2, "content": "[CLS]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 3, "content": "[SEP]", "special": true, "normalized": false, "single_word": false, "lstrip": false, "rstrip": false},
        {"id": 10, "content": "<m>", "special": true, "normalized": false, "single_word": false, "lstrip": true, "rstrip": true},
        {"id": 11, "content": "<w>", "special": true, "normalized": false, "single_word": true, "lstrip": false, "rstrip": false}
        """#
        let tokenizer = try TinyTokenizerFiles.tokenizer(["a", "b", "x", "<", ">", "w"], addedTokens: added)
        let stripped = tokenizer.tokenize("a <m> b", maxLength: 16).tokens
        // The match's text keeps the whitespace it swallowed, as the library's token does.
        #expect(stripped.map { "\($0.text)@\($0.start)..<\($0.end)" } == ["[CLS]@0..<0", "a@0..<1", " <m> @1..<6", "b@6..<7", "[SEP]@0..<0"])
        // Glued to a word character, a single-word token is not matched and splits as punctuation.
        let single = tokenizer.tokenize("x<w> <w>", maxLength: 16).tokens
        #expect(single.map(\.text) == ["[CLS]", "x", "<", "w", ">", "<w>", "[SEP]"])
    }
}
