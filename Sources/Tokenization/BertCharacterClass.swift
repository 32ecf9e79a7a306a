/// The character classes HF `tokenizers` uses for BERT, scalar by scalar.
///
/// They follow the Rust definitions rather than Python's `unicodedata`: whitespace is the
/// Unicode White_Space property (Rust `char::is_whitespace`), "control" is general category
/// Cc, Cf or Co (the `unicode_categories` crate's `is_other`, which has no Cn table, so
/// unassigned code points are kept), punctuation is ASCII punctuation or any P* category.
enum BertCharacterClass {
    /// The White_Space property (Rust `char::is_whitespace`, regex `\s`): what the normalizer
    /// turns into ' ', what the pre-tokenizer splits on and what added tokens strip.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20: return true
        case 0x00..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Characters that `clean_text` deletes: NUL, U+FFFD and Cc/Cf/Co, but not \t \n \r.
    static func isRemovedByCleaning(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00..<0x20, 0x7F: return true
        case 0x20..<0x7F: return false
        case 0xFFFD: return true
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse: return true
            default: return false
            }
        }
    }

    /// CJK ideographs that the normalizer surrounds with spaces (the same blocks as Google's BERT).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Punctuation that the pre-tokenizer isolates: ASCII punctuation (so `$ + < = > ^ ` | ~`
    /// count, though Unicode files them as symbols) or any Unicode P* category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0x00..<0x80: return false
        default:
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }
    }

    /// Nonspacing marks (Mn), which accent stripping removes after NFD.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && scalar.properties.generalCategory == .nonspacingMark
    }

    /// A regex `\w` character (Unicode-aware, as in the Rust `regex` crate): alphabetic,
    /// mark, decimal digit, connector punctuation or join control.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
