/// The classes the GPT-2 pattern sorts characters into: Oniguruma's `\p{L}`, `\p{N}` and `\s`
/// (White_Space), everything else being "other".
///
/// `classify` is the one place the Unicode tables are consulted, so the tokenizers library's
/// own (older) tables can replace Swift's properties here without touching the splitter.
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

    private static func classifyNonASCII(_ scalar: Unicode.Scalar) -> GPT2CharacterClass {
        let properties = scalar.properties
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }
}
