import Testing
import Tokenization

/// Named examples of where the tokenizers library's Unicode differs from Swift's (the scans in
/// `LibraryUnicodeScanTests` cover every code point; these say what the differences look like).
@Suite struct LibraryUnicodeTests {
    /// Characters newer than the library's unicode_categories tables (Unicode 8.0) are neither
    /// punctuation, control nor nonspacing marks to it, though Swift files them so.
    @Test func newerCharactersAreUnassignedToTheLibrary() {
        let arabicEndOfTextMark: Unicode.Scalar = "\u{061D}"  // Po since Unicode 14
        #expect(arabicEndOfTextMark.properties.generalCategory == .otherPunctuation)
        #expect(!LibraryUnicode.isBertPunctuation(arabicEndOfTextMark))
        let nkoDantayalan: Unicode.Scalar = "\u{07FD}"  // Mn since Unicode 11
        #expect(nkoDantayalan.properties.generalCategory == .nonspacingMark)
        #expect(!LibraryUnicode.isNonspacingMark(nkoDantayalan))
        #expect(LibraryUnicode.combiningClass(nkoDantayalan) == 0)
        let arabicPoundMarkAbove: Unicode.Scalar = "\u{0890}"  // Cf since Unicode 14
        #expect(!LibraryUnicode.isRemovedByCleaning(arabicPoundMarkAbove))
        #expect(LibraryUnicode.isRemovedByCleaning("\u{200B}"))  // Cf in Unicode 8 already
    }

    /// The normalization tables are Unicode 9.0: U+11938 (Unicode 13) does not decompose.
    @Test func normalizationTablesPredateLaterDecompositions() {
        #expect(LibraryUnicode.canonicalDecomposition("\u{11938}") == ["\u{11938}"])
        #expect(LibraryUnicode.canonicalDecomposition("\u{1E08}") == ["C", "\u{327}", "\u{301}"])
        #expect(LibraryUnicode.compatibilityDecomposition("\u{FB01}") == ["f", "i"])
        #expect(LibraryUnicode.composition("e", "\u{301}") == "\u{E9}")
        #expect(LibraryUnicode.canonicalDecomposition("\u{AC01}") == ["\u{1100}", "\u{1161}", "\u{11A8}"])
    }

    /// Spans are handed out by position, as the library's `transform` does: after composing
    /// a + U+0301 across U+0316, the U+0316 takes the span of the third input scalar.
    @Test func normalizationOriginsFollowTheLibrarysAlignments() {
        let composed = LibraryUnicode.normalize(["a", "\u{316}", "\u{301}"], form: .nfc)
        #expect(composed.scalars == ["\u{E1}", "\u{316}"])
        #expect(composed.origins == [0, 2])
        let reordered = LibraryUnicode.normalize(["\u{1FB3}", "\u{301}"], form: .nfd)
        #expect(reordered.scalars == ["\u{3B1}", "\u{301}", "\u{345}"])
        #expect(reordered.origins == [0, 1, 1])
        let hangul = LibraryUnicode.normalize(["\u{1100}", "\u{1161}", "\u{11A8}", "x"], form: .nfc)
        #expect(hangul.scalars == ["\u{AC01}", "x"])
        #expect(hangul.origins == [0, 3])
        let expanded = LibraryUnicode.normalize(["x", "\u{FDFA}", "y"], form: .nfkc)
        #expect(expanded.scalars.count == 20)
        #expect(expanded.origins.first == 0 && expanded.origins.last == 2)
        #expect(Set(expanded.origins.dropFirst().dropLast()) == [1])
    }

    @Test func lowercaseIsRustCharToLowercase() {
        #expect(LibraryUnicode.lowercase("\u{130}") == ["i", "\u{307}"])
        #expect(LibraryUnicode.lowercase("\u{3A3}") == ["\u{3C3}"])  // never the final form
        #expect(LibraryUnicode.lowercase("Q") == ["q"])
        #expect(LibraryUnicode.lowercase("\u{1E9E}") == ["\u{DF}"])
    }

    @Test func regexClassesAreOniguruma() {
        #expect(LibraryUnicode.isLetter("\u{E9}") && !LibraryUnicode.isLetter("1"))
        #expect(LibraryUnicode.isNumber("\u{2167}") && LibraryUnicode.isNumber("\u{B2}"))
        #expect(LibraryUnicode.isRegexWhitespace("\u{3000}") && !LibraryUnicode.isRegexWhitespace("\u{200B}"))
        #expect(LibraryUnicode.isNumeric("\u{B2}") && !LibraryUnicode.isNumeric("a"))
    }
}
