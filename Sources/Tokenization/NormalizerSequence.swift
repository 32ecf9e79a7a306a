/// HF normalizer `Sequence`: each normalizer in order on the same text.
struct NormalizerSequence: TextNormalizer {
    let normalizers: [any TextNormalizer]

    func normalize(_ text: inout NormalizedText) {
        for normalizer in normalizers { normalizer.normalize(&text) }
    }
}
