/// HF normalizer `Sequence`: each normalizer in order on the same text.
struct NormalizerSequence: TextNormalizer {
    let normalizers: [any TextNormalizer]

    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        guard let first = normalizers.first else { return NormalizedText(original, range: range) }
        var text = first.normalize(original, range: range)
        for normalizer in normalizers.dropFirst() { normalizer.normalize(&text) }
        return text
    }

    func normalize(_ text: inout NormalizedText) {
        for normalizer in normalizers { normalizer.normalize(&text) }
    }
}
