/// The character classes of the Whitespace, Punctuation and Digits pre-tokenizers and of the
/// offset trimming, in the tokenizers library's own tables (`LibraryUnicode`).
enum PreTokenizerCharacterClass {
    /// The Rust regex crate's `\w` (the Whitespace pre-tokenizer's `\w+|[^\w\s]+` is a Rust
    /// regex, not Oniguruma; their `\w` differ on 8 code points). Added tokens' `single_word`
    /// uses the same class.
    @inline(__always)
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        LibraryUnicode.isAddedTokenWordCharacter(scalar)
    }

    /// Rust `char::is_whitespace` (= the Rust regex crate's `\s` in the library's versions).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        LibraryUnicode.isWhitespace(scalar)
    }

    /// ASCII punctuation (symbols like `$`, `+`, `^` included) or a P* category: the Punctuation pre-tokenizer.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        LibraryUnicode.isPunctuation(scalar)
    }

    /// Rust `char::is_numeric`: the Digits pre-tokenizer.
    @inline(__always)
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        LibraryUnicode.isNumeric(scalar)
    }
}
