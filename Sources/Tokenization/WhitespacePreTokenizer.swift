/// The library's `Whitespace` pre-tokenizer, the pattern `\w+|[^\w\s]+`: runs of word
/// characters and runs of other non-space characters are the pieces; whitespace is dropped.
struct WhitespacePreTokenizer: SplittingPreTokenizer {
    private enum Kind { case word, space, other }

    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var position = range.lowerBound
        while position < range.upperBound {
            let kind = Self.kind(of: scalars[position])
            var stop = position + 1
            while stop < range.upperBound, Self.kind(of: scalars[stop]) == kind { stop += 1 }
            if kind != .space { body(position..<stop) }
            position = stop
        }
    }

    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        if PreTokenizerCharacterClass.isWordCharacter(scalar) { return .word }
        return PreTokenizerCharacterClass.isWhitespace(scalar) ? .space : .other
    }
}
