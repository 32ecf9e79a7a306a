import Foundation

/// Canonical decomposition (NFD) of a single scalar, as HF's normalizer applies it: each
/// character is decomposed on its own (`c.to_string().nfd()`), so marks are never reordered
/// across characters.
enum CanonicalDecomposition {
    /// The NFD form of `scalar`; a single-element array when it does not decompose.
    static func decompose(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        // Nothing below U+00C0 decomposes, nor do the unified CJK ideographs.
        if value < 0xC0 || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) {
            return [scalar]
        }
        if let jamo = decomposeHangulSyllable(value) { return jamo }
        return Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
    }

    /// The algorithmic decomposition of a precomposed Hangul syllable into 2 or 3 jamo
    /// (Unicode §3.12), or nil when `value` is not one.
    private static func decomposeHangulSyllable(_ value: UInt32) -> [Unicode.Scalar]? {
        let syllableBase: UInt32 = 0xAC00, leadingBase: UInt32 = 0x1100
        let vowelBase: UInt32 = 0x1161, trailingBase: UInt32 = 0x11A7
        let vowelCount: UInt32 = 21, trailingCount: UInt32 = 28
        let syllableCount: UInt32 = 19 * vowelCount * trailingCount
        guard value >= syllableBase, value - syllableBase < syllableCount else { return nil }
        let index = value - syllableBase
        let leading = leadingBase + index / (vowelCount * trailingCount)
        let vowel = vowelBase + (index % (vowelCount * trailingCount)) / trailingCount
        let trailing = trailingBase + index % trailingCount
        var jamo: [Unicode.Scalar] = []
        for part in trailing == trailingBase ? [leading, vowel] : [leading, vowel, trailing] {
            if let scalar = Unicode.Scalar(part) { jamo.append(scalar) }
        }
        return jamo
    }
}
