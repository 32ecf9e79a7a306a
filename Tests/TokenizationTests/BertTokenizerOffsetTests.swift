import Foundation
import Testing
import TestSupport
import Tokenization

/// Token spans in the original text, in Unicode scalar indices (as Python `str` indices),
/// worked out by hand for the default model's vocabulary.
@Suite struct BertTokenizerOffsetTests {
    let tokenizer: Tokenizer

    init() throws {
        tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
    }

    /// The wordpieces between [CLS] and [SEP] as "text@start..<end".
    private func spans(_ text: String) -> [String] {
        tokenizer.tokenize(text, maxLength: 512).tokens.dropFirst().dropLast().map { "\($0.text)@\($0.start)..<\($0.end)" }
    }

    @Test func accentsMapBackToTheAccentedCharacters() {
        #expect(spans("Café déjà") == ["cafe@0..<4", "de@5..<7", "##ja@7..<9"])
    }

    @Test func aCombiningMarkThatIsStrippedIsNotPartOfTheSpan() {
        // "e" + U+0301 at index 4: the mark is deleted, the span ends after the "e".
        #expect(spans("cafe\u{301} ok") == ["cafe@0..<4", "ok@6..<8"])
    }

    @Test func cjkIdeographsAndKanaKeepTheirOwnScalar() {
        #expect(spans("日本語のテキスト") == ["日@0..<1", "本@1..<2", "語@2..<3", "の@3..<4", "##テ@4..<5", "##キ@5..<6", "##ス@6..<7", "##ト@7..<8"])
    }

    @Test func hangulJamoAllPointAtTheirSyllable() {
        #expect(spans("한국어") == ["ᄒ@0..<1", "##ᅡ@0..<1", "##ᆫ@0..<1", "##ᄀ@1..<2", "##ᅮ@1..<2", "##ᆨ@1..<2", "##ᄋ@2..<3", "##ᅥ@2..<3"])
    }

    @Test func emojiAreUnknownTokensCoveringTheirScalars() {
        #expect(spans("a 😀 b") == ["a@0..<1", "[UNK]@2..<3", "b@4..<5"])
        // A flag is two regional-indicator scalars forming one word.
        #expect(spans("flags 🇺🇸") == ["flags@0..<5", "[UNK]@6..<8"])
    }

    @Test func removedZeroWidthCharactersJoinWordsButKeepPositions() {
        // U+200B at index 4 is deleted; "zerowidth" is one word whose pieces skip index 4.
        #expect(spans("zero\u{200B}width") == ["zero@0..<4", "##wi@5..<7", "##dt@7..<9", "##h@9..<10"])
    }

    @Test func lowercaseExpansionsAndLigaturesKeepOneScalarSpans() {
        #expect(spans("İstanbul ıı") == ["istanbul@0..<8", "ı@9..<10", "##ı@10..<11"])
        #expect(spans("ﬁnancial") == ["ﬁ@0..<1", "##nan@1..<4", "##cial@4..<8"])
    }

    @Test func whitespaceOfAnyKindSeparatesWordsAndIsNotCovered() {
        #expect(spans("  spaced\u{00A0}out\t") == ["spaced@2..<8", "out@9..<12"])
        #expect(spans("Hello, world!") == ["hello@0..<5", ",@5..<6", "world@7..<12", "!@12..<13"])
    }

    @Test func literalSpecialTokensSpanTheirText() {
        #expect(spans("a[SEP]b") == ["a@0..<1", "[SEP]@1..<6", "b@6..<7"])
    }

    @Test func templateTokensHaveEmptySpansAtZero() {
        let tokens = tokenizer.tokenize("hello", maxLength: 16).tokens
        #expect(tokens.first == Token(id: 101, text: "[CLS]", start: 0, end: 0, isSpecial: true))
        #expect(tokens.last == Token(id: 102, text: "[SEP]", start: 0, end: 0, isSpecial: true))
    }

    /// For lowercase ASCII text every piece is its own span of the input, "##" removed.
    @Test func asciiPiecesSpellTheirSpans() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789.,;!?-'() ")
        for _ in 0..<200 {
            let text = String((0..<Int(generator.next() % 80)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let scalars = Array(text.unicodeScalars)
            for token in tokenizer.tokenize(text, maxLength: 512).tokens where !token.isSpecial && token.text != "[UNK]" {
                let piece = token.text.hasPrefix("##") ? String(token.text.dropFirst(2)) : token.text
                let covered = String(String.UnicodeScalarView(scalars[token.start..<token.end]))
                #expect(piece == covered, "\(token) in \(text.debugDescription)")
            }
        }
    }
}
