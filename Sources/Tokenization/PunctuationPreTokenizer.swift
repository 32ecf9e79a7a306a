/// The library's `Punctuation` pre-tokenizer: every punctuation scalar is a delimiter, handled by `behavior`.
struct PunctuationPreTokenizer: SplittingPreTokenizer {
    let behavior: SplitDelimiterBehavior

    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        behavior.pieces(from: Self.scalarMatchSpans(in: scalars, range: range, matches: PreTokenizerCharacterClass.isPunctuation), body)
    }
}
