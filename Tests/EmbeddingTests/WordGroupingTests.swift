import Embedding
import Testing
import Tokenization

struct WordGroupingTests {
    private func token(_ text: String, _ start: Int, _ end: Int, special: Bool = false) -> Token {
        Token(id: 0, text: text, start: start, end: end, isSpecial: special)
    }

    @Test func wordpiecesAndPunctuationJoinWhenNoSpaceSeparatesThem() {
        // "don't stop" → [CLS] don ' t stop [SEP]
        let tokens = [token("[CLS]", 0, 0, special: true), token("don", 0, 3), token("'", 3, 4), token("t", 4, 5),
                      token("stop", 6, 10), token("[SEP]", 0, 0, special: true)]
        let words = WordGrouping.words(in: "don't stop", tokens: tokens)
        #expect(words.map(\.text) == ["[CLS]", "don't", "stop", "[SEP]"])
        #expect(words.map(\.tokenRange) == [0..<1, 1..<4, 4..<5, 5..<6])
        #expect(WordGrouping.sum([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], over: words).map { ($0 * 10).rounded() / 10 } == [0.1, 0.9, 0.5, 0.6])
    }

    @Test func wordTextIsTakenFromTheOriginal() {
        let tokens = [token("cafe", 0, 4), token("de", 5, 7), token("##ja", 7, 9)]
        #expect(WordGrouping.words(in: "Café déjà", tokens: tokens).map(\.text) == ["Café", "déjà"])
    }
}
