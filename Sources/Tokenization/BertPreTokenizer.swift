/// HF `BertPreTokenizer`: split normalized text on whitespace (dropped), then isolate every
/// punctuation scalar as a word of its own.
struct BertPreTokenizer: PreTokenizer {
    func preTokenize(_ text: inout PreTokenizedText) {
        text.split { piece, text, emit in Self.forEachWord(in: text.scalars, range: piece, emit) }
    }

    /// Calls `body` with each word of `scalars[range]`, in order, as a range of `scalars`.
    static func forEachWord(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var wordStart = range.lowerBound
        for index in range {
            let scalar = scalars[index]
            if BertCharacterClass.isWhitespace(scalar) {
                if wordStart < index { body(wordStart..<index) }
                wordStart = index + 1
            } else if BertCharacterClass.isPunctuation(scalar) {
                if wordStart < index { body(wordStart..<index) }
                body(index..<(index + 1))
                wordStart = index + 1
            }
        }
        if wordStart < range.upperBound { body(wordStart..<range.upperBound) }
    }
}
