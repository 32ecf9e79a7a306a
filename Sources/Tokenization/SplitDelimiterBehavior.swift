/// What a splitting pre-tokenizer does with the delimiters it finds (the library's
/// `SplitDelimiterBehavior`: `removed`, `isolated`, `merged_with_previous`, `merged_with_next`,
/// `contiguous`).
enum SplitDelimiterBehavior: String, Sendable, CaseIterable {
    case removed
    case isolated
    case mergedWithPrevious = "merged_with_previous"
    case mergedWithNext = "merged_with_next"
    case contiguous

    /// One span of a split piece: a delimiter match or the text between matches.
    struct Span {
        let range: Range<Int>
        let isMatch: Bool
    }

    /// The pieces to keep, in order, from spans tiling the piece; empty pieces are dropped,
    /// as the library drops empty splits.
    func pieces(from spans: [Span], _ body: (Range<Int>) -> Void) {
        switch self {
        case .removed:
            for span in spans where !span.isMatch && !span.range.isEmpty { body(span.range) }
        case .isolated:
            for span in spans where !span.range.isEmpty { body(span.range) }
        case .contiguous:
            emitFolded(spans, joins: { previousMatch, span in span.isMatch == previousMatch }, body)
        case .mergedWithPrevious:
            emitFolded(spans, joins: { previousMatch, span in span.isMatch && !previousMatch }, body)
        case .mergedWithNext:
            // The library folds from the end: a match joins the piece after it.
            var pieces: [Range<Int>] = []
            var previousMatch = false
            for span in spans.reversed() {
                if span.isMatch && !previousMatch, let last = pieces.last {
                    pieces[pieces.count - 1] = span.range.lowerBound..<last.upperBound
                } else {
                    pieces.append(span.range)
                }
                previousMatch = span.isMatch
            }
            for piece in pieces.reversed() where !piece.isEmpty { body(piece) }
        }
    }

    /// The library's left fold: a span for which `joins(previousMatch, span)` holds extends the last piece.
    private func emitFolded(_ spans: [Span], joins: (Bool, Span) -> Bool, _ body: (Range<Int>) -> Void) {
        var pieces: [Range<Int>] = []
        var previousMatch = false
        for span in spans {
            if joins(previousMatch, span), let last = pieces.last {
                pieces[pieces.count - 1] = last.lowerBound..<span.range.upperBound
            } else {
                pieces.append(span.range)
            }
            previousMatch = span.isMatch
        }
        for piece in pieces where !piece.isEmpty { body(piece) }
    }
}

/// A pre-tokenizer that only cuts text into pieces (never changes scalars).
protocol SplittingPreTokenizer: PreTokenizer {
    /// Calls `body` with the kept pieces of `scalars[range]`, in order, none empty.
    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void)
}

extension SplittingPreTokenizer {
    func preTokenize(_ text: inout PreTokenizedText) {
        text.split { piece, text, emit in forEachPiece(in: text.scalars, range: piece, emit) }
    }

    /// Spans for a pattern that matches single scalars: each matching scalar is one match, the
    /// runs between them are not (the library's `Fn(char) -> bool` pattern).
    static func scalarMatchSpans(in scalars: [Unicode.Scalar], range: Range<Int>,
                                 matches: (Unicode.Scalar) -> Bool) -> [SplitDelimiterBehavior.Span] {
        var spans: [SplitDelimiterBehavior.Span] = []
        var runStart = range.lowerBound
        for index in range where matches(scalars[index]) {
            if runStart < index { spans.append(.init(range: runStart..<index, isMatch: false)) }
            spans.append(.init(range: index..<(index + 1), isMatch: true))
            runStart = index + 1
        }
        if runStart < range.upperBound { spans.append(.init(range: runStart..<range.upperBound, isMatch: false)) }
        return spans
    }
}
