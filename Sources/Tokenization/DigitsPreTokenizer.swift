/// The library's `Digits` pre-tokenizer: numeric scalars split off, each alone
/// (`individual_digits`) or as runs (the other text between them stays in runs too).
struct DigitsPreTokenizer: SplittingPreTokenizer {
    let individualDigits: Bool

    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        let behavior: SplitDelimiterBehavior = individualDigits ? .isolated : .contiguous
        behavior.pieces(from: Self.scalarMatchSpans(in: scalars, range: range, matches: PreTokenizerCharacterClass.isNumeric), body)
    }
}
