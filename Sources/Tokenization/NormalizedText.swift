/// Normalized text with, for every normalized scalar, the index of the original scalar it came from.
///
/// Each normalizer step maps one original scalar to zero or more scalars, so a normalized span
/// `i..<j` covers the original span `origins[i] ..< origins[j - 1] + 1` — the same offsets HF
/// computes through its byte alignments.
struct NormalizedText {
    var scalars: [Unicode.Scalar] = []
    /// Original scalar index per normalized scalar; non-decreasing.
    var origins: [Int] = []

    /// The original scalar span of the normalized span `range` (which must be non-empty).
    func originalSpan(of range: Range<Int>) -> Range<Int> {
        origins[range.lowerBound] ..< origins[range.upperBound - 1] + 1
    }
}
