/// The classes the GPT-2 pattern sorts characters into: Oniguruma's `\p{L}`, `\p{N}` and `\s`
/// in the tokenizers library's tables (`LibraryUnicode`), everything else being "other".
enum GPT2CharacterClass: UInt8 {
    case letter, number, whitespace, other

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> GPT2CharacterClass {
        let value = scalar.value
        if value < 0x80 { return ascii[Int(value)] }
        return classifyNonASCII(scalar)
    }

    private static let ascii: [GPT2CharacterClass] = (0..<0x80).map { value in
        classifyNonASCII(Unicode.Scalar(UInt8(value)))
    }

    /// The one place the Unicode tables are consulted.
    private static func classifyNonASCII(_ scalar: Unicode.Scalar) -> GPT2CharacterClass {
        if LibraryUnicode.isRegexWhitespace(scalar) { return .whitespace }
        if LibraryUnicode.isLetter(scalar) { return .letter }
        if LibraryUnicode.isNumber(scalar) { return .number }
        return .other
    }
}
