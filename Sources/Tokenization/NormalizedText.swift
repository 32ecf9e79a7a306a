/// Normalized text with, for every normalized scalar, the index of the original scalar it came from.
///
/// Every normalizer and pre-tokenizer step maps one original scalar to zero or more scalars
/// (an inserted scalar takes the origin of the one before it, as HF's alignments do), so a
/// normalized span `i..<j` covers the original span `origins[i] ..< origins[j - 1] + 1` —
/// the same offsets HF computes through its byte alignments.
struct NormalizedText: Sendable {
    var scalars: [Unicode.Scalar] = []
    /// Original scalar index per normalized scalar.
    var origins: [Int] = []

    init() {}

    /// `original[range]` unchanged: each scalar is its own origin.
    init(_ original: [Unicode.Scalar], range: Range<Int>) {
        scalars = Array(original[range])
        origins = Array(range)
    }

    var count: Int { scalars.count }
    var isEmpty: Bool { scalars.isEmpty }

    mutating func append(_ scalar: Unicode.Scalar, origin: Int) {
        scalars.append(scalar)
        origins.append(origin)
    }

    mutating func removeAll(keepingCapacity: Bool = true) {
        scalars.removeAll(keepingCapacity: keepingCapacity)
        origins.removeAll(keepingCapacity: keepingCapacity)
    }

    /// The original scalar span of the normalized span `range` (which must be non-empty).
    func originalSpan(of range: Range<Int>) -> Range<Int> {
        origins[range.lowerBound] ..< max(origins[range.lowerBound], origins[range.upperBound - 1] + 1)
    }
}

extension NormalizedText {
    /// Applies HF's `NormalizedString::transform`: each `(scalar, change)` replaces the next
    /// input scalar (change 0), replaces it and removes `-change` more (change < 0), or is
    /// inserted (change > 0) with the origin of the input scalar consumed last.
    mutating func transform(_ changes: [(Unicode.Scalar, Int)]) {
        var output = NormalizedText()
        output.scalars.reserveCapacity(changes.count)
        output.origins.reserveCapacity(changes.count)
        var consumed = 0
        let fallback = origins.first ?? 0
        for (scalar, change) in changes {
            let origin: Int
            if change > 0 {
                origin = consumed > 0 && consumed <= origins.count ? origins[consumed - 1] : fallback
            } else {
                origin = consumed < origins.count ? origins[consumed] : (origins.last ?? fallback)
                consumed += 1 - change
            }
            output.append(scalar, origin: origin)
        }
        self = output
    }
}
