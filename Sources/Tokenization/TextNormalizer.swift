/// One normalizer stage of a tokenizer.json pipeline (`normalizer.type`).
///
/// A normalizer rewrites one piece of text between added tokens; every scalar it produces
/// keeps the origin of the scalar it replaces (or, when inserted, of the scalar before it),
/// so token offsets still point into the original text.
protocol TextNormalizer: Sendable {
    func normalize(_ text: inout NormalizedText)
    /// Normalizes `original[range]` straight from the original text (the first stage's entry
    /// point); the default copies it into a `NormalizedText` and calls `normalize(_:)`.
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText
}

extension TextNormalizer {
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        var text = NormalizedText(original, range: range)
        normalize(&text)
        return text
    }

    /// The normalized scalars of a whole string (used to normalize added-token patterns).
    func normalizedScalars(of string: String) -> [Unicode.Scalar] {
        let original = Array(string.unicodeScalars)
        var text = NormalizedText(original, range: original.indices)
        normalize(&text)
        return text.scalars
    }
}

/// Rebuilds `text` scalar by scalar: `body` gets each input scalar and its origin and appends
/// what replaces it to the output; inserted scalars take the current origin.
extension NormalizedText {
    mutating func rewrite(_ body: (Unicode.Scalar, Int, inout NormalizedText) -> Void) {
        var output = NormalizedText()
        output.scalars.reserveCapacity(count)
        output.origins.reserveCapacity(count)
        for index in scalars.indices { body(scalars[index], origins[index], &output) }
        self = output
    }
}
