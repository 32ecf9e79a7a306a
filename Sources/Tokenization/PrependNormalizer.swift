/// HF `Prepend`: puts `prefix` before non-empty text; the prefix takes the first scalar's origin.
struct PrependNormalizer: TextNormalizer {
    let prefix: [Unicode.Scalar]

    func normalize(_ text: inout NormalizedText) {
        guard let origin = text.origins.first, !prefix.isEmpty else { return }
        text.scalars.insert(contentsOf: prefix, at: 0)
        text.origins.insert(contentsOf: repeatElement(origin, count: prefix.count), at: 0)
    }
}
