/// The character classes HF `tokenizers` uses for BERT, scalar by scalar.
///
/// ASCII is decided here; everything else comes from the library's own tables
/// (`LibraryUnicode`), which are older than Swift's: whitespace is Rust `char::is_whitespace`,
/// "control" is what the `unicode_categories` crate files as Cc, Cf or Co (unassigned code
/// points are kept), punctuation is ASCII punctuation or a P* category in that crate.
enum BertCharacterClass {
    /// Rust `char::is_whitespace`: what the normalizer turns into ' ', what the pre-tokenizer
    /// splits on and what added tokens strip.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20: return true
        case 0x00..<0x80: return false
        default: return LibraryUnicode.isWhitespace(scalar)
        }
    }

    /// Characters that `clean_text` deletes: NUL, U+FFFD and Cc/Cf/Co, but not \t \n \r.
    @inline(__always)
    static func isRemovedByCleaning(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00..<0x20, 0x7F: return true
        case 0x20..<0x7F: return false
        default: return LibraryUnicode.isRemovedByCleaning(scalar)
        }
    }

    /// CJK ideographs that the normalizer surrounds with spaces (the same blocks as Google's BERT).
    @inline(__always)
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x3400 && LibraryUnicode.isChineseCharacter(scalar)
    }

    /// Punctuation that the pre-tokenizer isolates: ASCII punctuation (so `$ + < = > ^ ` | ~`
    /// count, though Unicode files them as symbols) or any P* category in the library's tables.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0x00..<0x80: return false
        default: return LibraryUnicode.isBertPunctuation(scalar)
        }
    }

    /// Nonspacing marks (Mn in the library's tables), which accent stripping removes after NFD.
    @inline(__always)
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && LibraryUnicode.isNonspacingMark(scalar)
    }

    /// A word character for added tokens' `single_word` (the Rust regex crate's `\w`).
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        LibraryUnicode.isAddedTokenWordCharacter(scalar)
    }
}
