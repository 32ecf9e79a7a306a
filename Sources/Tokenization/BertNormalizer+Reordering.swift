/// The exact normalizer path for text where NFD's canonical reordering can move a mark that
/// survives accent stripping.
///
/// HF runs NFD over the whole cleaned string: within each maximal run of non-starters
/// (combining class ≠ 0) the scalars are stably sorted by combining class, and alignments are
/// then handed out by position — the k-th scalar that replaces a character takes the k-th
/// character's span, and an inserted scalar takes the span of the character replaced last.
extension BertNormalizer {
    /// One NFD scalar with what the alignment bookkeeping needs.
    private struct DecomposedScalar {
        let scalar: Unicode.Scalar
        let combiningClass: UInt8
        /// True for the first scalar of a character's decomposition (it replaces the character);
        /// later scalars are insertions.
        let replacesCharacter: Bool
        let origin: Int
    }

    /// Appends the normalized form of `original[range]` to `output`, reordering marks as NFD does.
    func normalizeWithReordering(_ original: [Unicode.Scalar], range: Range<Int>, into output: inout NormalizedText) {
        var stream: [DecomposedScalar] = []
        stream.reserveCapacity(range.count)
        var previousOrigin = range.lowerBound
        for index in range {
            var scalar = original[index]
            if settings.cleanText {
                if BertCharacterClass.isRemovedByCleaning(scalar) { continue }
                if BertCharacterClass.isWhitespace(scalar) { scalar = " " }
            }
            if settings.handleChineseChars && BertCharacterClass.isChineseCharacter(scalar) {
                stream.append(DecomposedScalar(scalar: " ", combiningClass: 0, replacesCharacter: true, origin: previousOrigin))
                appendDecomposition(of: scalar, origin: index, to: &stream)
                stream.append(DecomposedScalar(scalar: " ", combiningClass: 0, replacesCharacter: true, origin: index))
            } else {
                appendDecomposition(of: scalar, origin: index, to: &stream)
            }
            previousOrigin = index
        }
        // Origins by position: after sorting, the k-th replacing scalar takes the k-th
        // character's origin in text order.
        let replacedOrigins = stream.filter(\.replacesCharacter).map(\.origin)
        sortCombiningRuns(&stream)
        var nextReplaced = 0
        var lastOrigin = range.lowerBound
        for item in stream {
            if item.replacesCharacter, nextReplaced < replacedOrigins.count {
                lastOrigin = replacedOrigins[nextReplaced]
                nextReplaced += 1
            }
            if BertCharacterClass.isNonspacingMark(item.scalar) { continue }
            let produced = settings.lowercase ? LibraryUnicode.lowercase(item.scalar) : [item.scalar]
            for scalar in produced {
                output.scalars.append(scalar)
                output.origins.append(lastOrigin)
            }
        }
    }

    private func appendDecomposition(of scalar: Unicode.Scalar, origin: Int, to stream: inout [DecomposedScalar]) {
        for (offset, part) in LibraryUnicode.canonicalDecomposition(scalar).enumerated() {
            stream.append(DecomposedScalar(scalar: part, combiningClass: LibraryUnicode.combiningClass(part),
                                           replacesCharacter: offset == 0, origin: origin))
        }
    }

    /// Stable-sorts every maximal run of non-starters by combining class.
    private func sortCombiningRuns(_ stream: inout [DecomposedScalar]) {
        var index = 0
        while index < stream.count {
            guard stream[index].combiningClass != 0 else {
                index += 1
                continue
            }
            let runStart = index
            while index < stream.count && stream[index].combiningClass != 0 { index += 1 }
            // Counting sort by class keeps equal classes in order (stable) in linear time.
            var buckets = [[DecomposedScalar]](repeating: [], count: 256)
            for item in stream[runStart..<index] { buckets[Int(item.combiningClass)].append(item) }
            stream.replaceSubrange(runStart..<index, with: buckets.joined())
        }
    }
}
