/// HF `NFC`, `NFD`, `NFKC`, `NFKD`: the library normalizes the whole text with its own (Unicode
/// 9.0) tables and hands each output scalar the span its alignment gives it, reordered and
/// composed scalars included; `LibraryUnicode.normalize` reproduces both.
struct UnicodeFormNormalizer: TextNormalizer {
    let form: LibraryUnicode.NormalizationForm

    func normalize(_ text: inout NormalizedText) {
        // ASCII text is the same in every form.
        guard text.scalars.contains(where: { $0.value >= 0x80 }) else { return }
        let result = LibraryUnicode.normalize(text.scalars, form: form)
        var output = NormalizedText()
        output.scalars.reserveCapacity(result.scalars.count)
        output.origins.reserveCapacity(result.scalars.count)
        // Origins of the result index this stage's input; map them on to the original text.
        for (scalar, index) in zip(result.scalars, result.origins) {
            output.append(scalar, origin: text.origins[index])
        }
        text = output
    }
}
