/// HF `NFC`, `NFD`, `NFKC`, `NFKD`, keeping alignments as the library's
/// `unicode-normalization-alignments` crate reports them.
///
/// Work goes grapheme by grapheme (normalization never crosses one in practice). Inside a
/// grapheme each scalar is decomposed on its own — its first scalar replaces it, the rest are
/// insertions — non-starter runs are stably sorted by combining class and origins are handed
/// out by position (the k-th replacing scalar takes the k-th scalar's origin, insertions the
/// origin replaced last); composing forms then give each composed scalar the origin of the
/// first scalar it absorbed.
struct UnicodeFormNormalizer: TextNormalizer {
    let form: UnicodeForm

    func normalize(_ text: inout NormalizedText) {
        // ASCII text is the same in every form.
        guard text.scalars.contains(where: { $0.value >= 0x80 }) else { return }
        var output = NormalizedText()
        output.scalars.reserveCapacity(text.count)
        output.origins.reserveCapacity(text.count)
        var string = ""
        string.unicodeScalars.append(contentsOf: text.scalars)
        var position = 0
        for grapheme in string {
            let count = grapheme.unicodeScalars.count
            let range = position..<(position + count)
            position += count
            if count == 1 && text.scalars[range.lowerBound].value < 0x80 {
                output.append(text.scalars[range.lowerBound], origin: text.origins[range.lowerBound])
            } else {
                normalizeGrapheme(text, range: range, into: &output)
            }
        }
        text = output
    }

    private struct Decomposed {
        let scalar: Unicode.Scalar
        let combiningClass: UInt8
        let replaces: Bool
    }

    private func normalizeGrapheme(_ text: NormalizedText, range: Range<Int>, into output: inout NormalizedText) {
        var stream: [Decomposed] = []
        for index in range {
            for (offset, part) in form.decomposition.apply(CollectionOfOne(text.scalars[index])).enumerated() {
                stream.append(Decomposed(scalar: part, combiningClass: part.properties.canonicalCombiningClass.rawValue,
                                         replaces: offset == 0))
            }
        }
        // Stable sort of each run of non-starters by combining class (canonical ordering).
        var index = 0
        while index < stream.count {
            guard stream[index].combiningClass != 0 else { index += 1; continue }
            let runStart = index
            while index < stream.count && stream[index].combiningClass != 0 { index += 1 }
            let run = stream[runStart..<index].enumerated().sorted {
                ($0.element.combiningClass, $0.offset) < ($1.element.combiningClass, $1.offset)
            }.map(\.element)
            stream.replaceSubrange(runStart..<index, with: run)
        }
        var origins: [Int] = []
        var nextReplaced = range.lowerBound
        var lastOrigin = text.origins[range.lowerBound]
        for item in stream {
            if item.replaces, nextReplaced < range.upperBound {
                lastOrigin = text.origins[nextReplaced]
                nextReplaced += 1
            }
            origins.append(lastOrigin)
        }
        guard form.composes else {
            for (item, origin) in zip(stream, origins) { output.append(item.scalar, origin: origin) }
            return
        }
        // Each composed scalar absorbed its own canonical decomposition from the stream: the
        // first at the earliest unused position, the rest at the next unused matches.
        let decomposed = stream.map(\.scalar)
        var used = [Bool](repeating: false, count: decomposed.count)
        var cursor = 0
        for composed in UnicodeForm.nfc.apply(decomposed) {
            while cursor < used.count && used[cursor] { cursor += 1 }
            let origin = cursor < origins.count ? origins[cursor] : (origins.last ?? text.origins[range.lowerBound])
            var search = cursor
            for part in UnicodeForm.nfd.apply(CollectionOfOne(composed)) {
                while search < decomposed.count && (used[search] || decomposed[search] != part) { search += 1 }
                if search < decomposed.count { used[search] = true }
                search = cursor
            }
            output.append(composed, origin: origin)
        }
    }
}
