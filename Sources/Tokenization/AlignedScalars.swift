/// Scalars being pre-tokenized, each with the span of original scalars it stands for
/// (a byte character stands for the whole scalar whose byte it is; an added prefix space for
/// the scalar it was put before), as the tokenizers library's alignments do.
struct AlignedScalars {
    var scalars: [Unicode.Scalar] = []
    var spans: [Range<Int>] = []

    init() {}

    init(scalars: [Unicode.Scalar], spans: [Range<Int>]) {
        self.scalars = scalars
        self.spans = spans
    }

    /// Scalars of an untouched original text: scalar `i` spans `i..<i+1`.
    init(original: [Unicode.Scalar]) {
        scalars = original
        spans = original.indices.map { $0..<($0 + 1) }
    }

    var count: Int { scalars.count }

    mutating func append(_ scalar: Unicode.Scalar, span: Range<Int>) {
        scalars.append(scalar)
        spans.append(span)
    }

    mutating func removeAll() {
        scalars.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// The original span covered by the (non-empty) scalar range `range`.
    func originalSpan(of range: Range<Int>) -> Range<Int> {
        let start = spans[range.lowerBound].lowerBound
        // Spans only grow along the text; `max` keeps a malformed alignment from trapping.
        return start ..< max(start, spans[range.upperBound - 1].upperBound)
    }
}
