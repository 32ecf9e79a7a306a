import Foundation
import Testing
import Tokenization

/// WordPiece and pre-tokenizer rules on hand-made vocabularies (ids 0–4 are the specials,
/// the listed tokens follow from id 5).
@Suite struct BertTokenizerWordPieceTests {
    private func tokenizer(_ tokens: [String], maxInputCharsPerWord: Int = 100) throws -> Tokenizer {
        try TinyTokenizerFiles.tokenizer(tokens, maxInputCharsPerWord: maxInputCharsPerWord)
    }

    private func pieces(_ tokenizer: Tokenizer, _ text: String) -> [String] {
        tokenizer.tokenize(text, maxLength: 10_000).tokens.dropFirst().dropLast().map(\.text)
    }

    @Test func longestMatchFirstWithContinuationPrefix() throws {
        let tokenizer = try tokenizer(["un", "##aff", "##able", "##a", "a", "aff", "##ff"])
        #expect(pieces(tokenizer, "unaffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.tokenize("unaffable", maxLength: 16).ids == [2, 5, 6, 7, 3])
        // Continuation pieces only come from "##" entries: "aff" alone does not continue a word.
        #expect(pieces(tokenizer, "aaff") == ["a", "##aff"])
    }

    @Test func greedyMatchingNeverBacktracks() throws {
        // "abc" could be "a" + "##bc", but the longest first piece "ab" leaves "c", which fails.
        let tokenizer = try tokenizer(["a", "ab", "##bc"])
        #expect(pieces(tokenizer, "abc") == ["[UNK]"])
        let withC = try self.tokenizer(["a", "ab", "##bc", "##c"])
        #expect(pieces(withC, "abc") == ["ab", "##c"])
    }

    @Test func aWordThatCannotBeCoveredIsOneUnknownOverTheWholeWord() throws {
        let tokenizer = try tokenizer(["un", "##aff"])
        let tokens = tokenizer.tokenize("un unaffx", maxLength: 16).tokens
        #expect(tokens.map(\.text) == ["[CLS]", "un", "[UNK]", "[SEP]"])
        #expect(tokens[2].start == 3 && tokens[2].end == 9)
        #expect(tokens[2].isSpecial == false)
    }

    @Test func wordsLongerThanTheLimitAreUnknown() throws {
        let tokenizer = try tokenizer(["a", "##a", "é", "##é"])
        #expect(pieces(tokenizer, String(repeating: "a", count: 100)).count == 100)
        #expect(pieces(tokenizer, String(repeating: "a", count: 101)) == ["[UNK]"])
        // The limit counts scalars of the normalized word, not bytes: 100 "é" still fit.
        let accented = try self.tokenizer(["é", "##é"], maxInputCharsPerWord: 100)
        let cased = try TinyTokenizerFiles.tokenizer(
            ["é", "##é"], normalizer: TinyTokenizerFiles.bertNormalizer(lowercase: false))
        #expect(pieces(cased, String(repeating: "é", count: 100)).count == 100)
        #expect(pieces(cased, String(repeating: "é", count: 101)) == ["[UNK]"])
        // With accent stripping é becomes e, which is not in this vocabulary.
        #expect(pieces(accented, "é") == ["[UNK]"])
        let short = try self.tokenizer(["a", "##a"], maxInputCharsPerWord: 3)
        #expect(pieces(short, "aaa aaaa") == ["a", "##a", "##a", "[UNK]"])
    }

    @Test func punctuationIsIsolatedButCurrencySymbolsAreNot() throws {
        let tokenizer = try tokenizer(["a", "b", ",", "$", "5", "£5", "€", "##5", "-", "—", "+", "~"])
        #expect(pieces(tokenizer, "a,b") == ["a", ",", "b"])
        // '$' '+' '~' are ASCII punctuation for BERT; '£' '€' are currency symbols (Sc) and stay in the word.
        #expect(pieces(tokenizer, "$5 £5 €5") == ["$", "5", "£5", "€", "##5"])
        #expect(pieces(tokenizer, "a+b~a") == ["a", "+", "b", "~", "a"])
        #expect(pieces(tokenizer, "a—b-a") == ["a", "—", "b", "-", "a"])
    }

    @Test func whitespaceSplitsAndControlsAreDeleted() throws {
        let tokenizer = try tokenizer(["a", "b", "ab", "##b", "\u{0378}"])
        #expect(pieces(tokenizer, "a\tb\na\r\nb\u{00A0}a\u{2028}b\u{3000}a") == ["a", "b", "a", "b", "a", "b", "a"])
        // Zero-width space (Cf), BEL (Cc), NUL, U+FFFD and private use (Co) are deleted.
        #expect(pieces(tokenizer, "a\u{200B}b a\u{07}b a\u{0}b a\u{FFFD}b a\u{E000}b") == ["ab", "ab", "ab", "ab", "ab"])
        // An unassigned code point is not a control character for HF: it stays.
        #expect(pieces(tokenizer, "\u{0378}") == ["\u{0378}"])
    }

    @Test func cjkIdeographsBecomeSeparateWordsOnlyWhenEnabled() throws {
        let tokens = ["日", "本", "日本"]
        let padded = try tokenizer(tokens)
        #expect(pieces(padded, "日本") == ["日", "本"])
        let unpadded = try TinyTokenizerFiles.tokenizer(
            tokens, normalizer: TinyTokenizerFiles.bertNormalizer(handleChineseChars: false))
        #expect(pieces(unpadded, "日本") == ["日本"])
        // Hiragana is not in the CJK ideograph blocks: it stays glued to its word.
        #expect(pieces(padded, "日の") == ["日", "[UNK]"])
    }

    @Test func lowercaseAndAccentStrippingFollowTheSettings() throws {
        let tokens = ["cafe", "café", "Cafe", "Café", "i\u{307}", "i", "Σ", "σ"]
        func make(_ lowercase: Bool, _ stripAccents: Bool?) throws -> Tokenizer {
            try TinyTokenizerFiles.tokenizer(
                tokens, normalizer: TinyTokenizerFiles.bertNormalizer(lowercase: lowercase, stripAccents: stripAccents))
        }
        let uncased = try make(true, nil)
        #expect(uncased.settings.stripAccents == true)
        #expect(pieces(uncased, "Café") == ["cafe"])
        #expect(pieces(uncased, "İ") == ["i"])
        #expect(pieces(uncased, "Σ") == ["σ"])
        let keepAccents = try make(true, false)
        #expect(pieces(keepAccents, "Café") == ["café"])
        // U+0130 lowercases to two scalars, i + combining dot above.
        #expect(pieces(keepAccents, "İ") == ["i\u{307}"])
        let cased = try make(false, nil)
        #expect(cased.settings.stripAccents == false)
        #expect(pieces(cased, "Café") == ["Café"])
        let casedStripped = try make(false, true)
        #expect(pieces(casedStripped, "Café") == ["Cafe"])
        // A decomposed é is NFD-identical to the precomposed one and strips the same way.
        #expect(pieces(casedStripped, "Cafe\u{301}") == ["Cafe"])
    }

    @Test func noNormalizerLeavesTheTextAlone() throws {
        let tokenizer = try TinyTokenizerFiles.tokenizer(["Ab", "\u{200B}"], normalizer: "null")
        #expect(tokenizer.settings == TokenizerSettings(lowercase: false, stripAccents: false, handleChineseChars: false, cleanText: false))
        #expect(pieces(tokenizer, "Ab \u{200B}") == ["Ab", "\u{200B}"])
    }

    @Test func vocabularyKeysDifferingOnlyInNormalizationStayDistinct() throws {
        // Precomposed é (U+00E9) and e + U+0301 are canonically equivalent Swift strings but
        // different vocabulary entries, as in HF.
        let tokenizer = try TinyTokenizerFiles.tokenizer(
            ["\u{E9}", "e\u{301}"], normalizer: TinyTokenizerFiles.bertNormalizer(lowercase: false))
        #expect(tokenizer.id(for: "\u{E9}") == 5)
        #expect(tokenizer.id(for: "e\u{301}") == 6)
        #expect(tokenizer.tokenize("\u{E9} e\u{301}", maxLength: 8).ids == [2, 5, 6, 3])
    }

    @Test func canonicalReorderingMovesSurvivingMarksAndHandsOutSpansByPosition() throws {
        // U+1D16D (combining class 226) before U+1D165 (216): NFD sorts them, and neither is a
        // nonspacing mark, so both survive accent stripping in the sorted order. Spans are
        // assigned by position, as HF's alignments are: the mark now second takes index 1.
        let tokenizer = try tokenizer(["a", "##\u{1D165}", "##\u{1D16D}", "a\u{1D165}\u{1D16D}x"])
        let tokens = tokenizer.tokenize("a\u{1D16D}\u{1D165} a\u{1D16D}\u{1D165}x", maxLength: 16).tokens
        #expect(tokens.dropFirst().dropLast().map { "\($0.text)@\($0.start)..<\($0.end)" }
            == ["a@0..<1", "##\u{1D165}@1..<2", "##\u{1D16D}@2..<3", "a\u{1D165}\u{1D16D}x@4..<8"])
        // Without accent stripping there is no NFD and no reordering.
        let unstripped = try TinyTokenizerFiles.tokenizer(["a", "##\u{1D165}", "##\u{1D16D}"],
                                                          normalizer: TinyTokenizerFiles.bertNormalizer(stripAccents: false))
        #expect(pieces(unstripped, "a\u{1D16D}\u{1D165}") == ["a", "##\u{1D16D}", "##\u{1D165}"])
    }
}
