/// The library's `Split` pre-tokenizer: a literal string or a regex marks delimiters, `behavior`
/// says what becomes of them, `invert` swaps what counts as delimiter and as text.
struct SplitPreTokenizer: SplittingPreTokenizer {
    enum Pattern: Sendable {
        /// Matched literally, leftmost and without overlap.
        case string([Unicode.Scalar])
        case regex(SplitRegex)
    }

    let pattern: Pattern
    let behavior: SplitDelimiterBehavior
    let invert: Bool

    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        let matches: [Range<Int>]
        switch pattern {
        case let .string(literal):
            matches = Self.literalMatches(of: literal, in: scalars, range: range)
        case let .regex(regex):
            matches = regex.matches(in: scalars, range: range)
        }
        behavior.pieces(from: Self.spans(tiling: range, matches: matches, invert: invert), body)
    }

    /// Matches and the gaps between them, as the library's `find_matches` lists them (an
    /// empty piece of text gives one empty non-match).
    static func spans(tiling range: Range<Int>, matches: [Range<Int>], invert: Bool) -> [SplitDelimiterBehavior.Span] {
        guard !range.isEmpty else { return [.init(range: range, isMatch: invert)] }
        var spans: [SplitDelimiterBehavior.Span] = []
        var previous = range.lowerBound
        for match in matches {
            if previous != match.lowerBound { spans.append(.init(range: previous..<match.lowerBound, isMatch: invert)) }
            spans.append(.init(range: match, isMatch: !invert))
            previous = match.upperBound
        }
        if previous != range.upperBound { spans.append(.init(range: previous..<range.upperBound, isMatch: invert)) }
        return spans
    }

    /// Leftmost non-overlapping occurrences of `literal`; the library compiles the escaped
    /// literal as a regex, so an empty literal matches the empty string at every position.
    static func literalMatches(of literal: [Unicode.Scalar], in scalars: [Unicode.Scalar], range: Range<Int>) -> [Range<Int>] {
        guard let first = literal.first else { return (range.lowerBound...range.upperBound).map { $0..<$0 } }
        var matches: [Range<Int>] = []
        var position = range.lowerBound
        let lastStart = range.upperBound - literal.count
        while position <= lastStart {
            if scalars[position] == first, scalars[position..<(position + literal.count)].elementsEqual(literal) {
                matches.append(position..<(position + literal.count))
                position += literal.count
            } else {
                position += 1
            }
        }
        return matches
    }
}
