/// Unicode as the HF tokenizers library (0.23) sees it, not as Swift does.
///
/// The library classifies and decomposes characters with its own, older tables (the crates
/// unicode-normalization-alignments and unicode_categories, Rust std, Oniguruma for regexes),
/// so Swift's `Unicode.Scalar.Properties` disagree with it on hundreds of code points. Every
/// tokenizer path asks here instead. The tables are generated from the library's behaviour
/// by `Tests/Fixtures/generators/unicode_tables.py`.
public enum LibraryUnicode {
    /// The property bits of the generated tables (`unicode_tables.py` FLAGS).
    struct Property: OptionSet, Sendable {
        let rawValue: UInt32
        static let bertWhitespace = Property(rawValue: 1 << 0)
        static let bertCleaned = Property(rawValue: 1 << 1)
        static let bertPunctuation = Property(rawValue: 1 << 2)
        static let bertChinese = Property(rawValue: 1 << 3)
        static let nonspacingMark = Property(rawValue: 1 << 4)
        static let combiningMark = Property(rawValue: 1 << 5)
        static let regexLetter = Property(rawValue: 1 << 6)
        static let regexNumber = Property(rawValue: 1 << 7)
        static let regexWhitespace = Property(rawValue: 1 << 8)
        static let regexWord = Property(rawValue: 1 << 9)
        static let numeric = Property(rawValue: 1 << 10)
        static let punctuation = Property(rawValue: 1 << 11)
        static let canonicalDecomposes = Property(rawValue: 1 << 12)
        static let compatibilityDecomposes = Property(rawValue: 1 << 13)
        static let lowercaseChanges = Property(rawValue: 1 << 14)
        static let composes = Property(rawValue: 1 << 15)
        static let addedTokenWord = Property(rawValue: 1 << 16)
    }

    static let data = LibraryUnicodeData.shared

    @inline(__always)
    static func has(_ property: Property, _ scalar: Unicode.Scalar) -> Bool {
        data.properties(scalar.value) & property.rawValue != 0
    }

    // MARK: Character classes

    /// Rust `char::is_whitespace` (White_Space): BERT's and WhitespaceSplit's splits, `Strip`,
    /// added tokens' lstrip/rstrip.
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { has(.bertWhitespace, scalar) }
    /// Deleted by BertNormalizer's `clean_text`: NUL, U+FFFD and what the library files as
    /// control, format or private use (never \t \n \r).
    public static func isRemovedByCleaning(_ scalar: Unicode.Scalar) -> Bool { has(.bertCleaned, scalar) }
    /// Isolated by BertPreTokenizer: ASCII punctuation or a P* category in the library's tables.
    public static func isBertPunctuation(_ scalar: Unicode.Scalar) -> Bool { has(.bertPunctuation, scalar) }
    /// Isolated by the `Punctuation` pre-tokenizer.
    public static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool { has(.punctuation, scalar) }
    /// Padded with spaces by BertNormalizer's `handle_chinese_chars`.
    public static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool { has(.bertChinese, scalar) }
    /// Deleted by BertNormalizer's accent stripping (after NFD): Mn in the library's tables.
    public static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool { has(.nonspacingMark, scalar) }
    /// Deleted by the `StripAccents` normalizer (no NFD of its own).
    public static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool { has(.combiningMark, scalar) }
    /// Oniguruma `\p{L}` (the GPT-2 regex of ByteLevel).
    public static func isLetter(_ scalar: Unicode.Scalar) -> Bool { has(.regexLetter, scalar) }
    /// Oniguruma `\p{N}`.
    public static func isNumber(_ scalar: Unicode.Scalar) -> Bool { has(.regexNumber, scalar) }
    /// Oniguruma `\s`.
    public static func isRegexWhitespace(_ scalar: Unicode.Scalar) -> Bool { has(.regexWhitespace, scalar) }
    /// Oniguruma `\w`, as in a `Split` pattern given as a regex. (The `Whitespace` pre-tokenizer's
    /// `\w+|[^\w\s]+` is a Rust regex-crate pattern: its `\w` is `isAddedTokenWordCharacter`,
    /// its `\s` is `isWhitespace`.)
    public static func isRegexWordCharacter(_ scalar: Unicode.Scalar) -> Bool { has(.regexWord, scalar) }
    /// Rust `char::is_numeric` (the `Digits` pre-tokenizer).
    public static func isNumeric(_ scalar: Unicode.Scalar) -> Bool { has(.numeric, scalar) }
    /// The Rust regex crate's `\w`: a word character for added tokens' `single_word` and for
    /// the `Whitespace` pre-tokenizer.
    public static func isAddedTokenWordCharacter(_ scalar: Unicode.Scalar) -> Bool { has(.addedTokenWord, scalar) }

    /// The canonical combining class in the library's normalization tables (0 for a starter;
    /// only meaningful for scalars that NFD leaves alone).
    public static func combiningClass(_ scalar: Unicode.Scalar) -> UInt8 {
        UInt8(truncatingIfNeeded: data.properties(scalar.value) >> 24)
    }

    // MARK: Mappings

    /// Rust `char::to_lowercase` of one scalar (1 to 3 scalars), as `Lowercase` and
    /// BertNormalizer's lowercasing apply it.
    public static func lowercase(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        if value < 0x80 {
            return [value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 32)) : scalar]
        }
        guard has(.lowercaseChanges, scalar), let mapped = LibraryUnicodeData.lowercaseMappings[value] else { return [scalar] }
        return mapped
    }

    /// Appends the lowercase of `scalar` to `output`.
    @inline(__always)
    public static func appendLowercase(_ scalar: Unicode.Scalar, to output: inout [Unicode.Scalar]) {
        let value = scalar.value
        if value < 0x80 {
            output.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 32)) : scalar)
        } else if has(.lowercaseChanges, scalar), let mapped = LibraryUnicodeData.lowercaseMappings[value] {
            output.append(contentsOf: mapped)
        } else {
            output.append(scalar)
        }
    }

    /// The full canonical decomposition (NFD) of one scalar; `[scalar]` when it has none.
    public static func canonicalDecomposition(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        decomposition(scalar, compatibility: false)
    }

    /// The full compatibility decomposition (NFKD) of one scalar; `[scalar]` when it has none.
    public static func compatibilityDecomposition(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        decomposition(scalar, compatibility: true)
    }

    static func decomposition(_ scalar: Unicode.Scalar, compatibility: Bool) -> [Unicode.Scalar] {
        let properties = data.properties(scalar.value)
        let decomposes = compatibility ? Property.compatibilityDecomposes : Property.canonicalDecomposes
        guard properties & decomposes.rawValue != 0 else { return [scalar] }
        if let jamo = HangulSyllable.decompose(scalar.value) { return jamo }
        if compatibility, let mapped = LibraryUnicodeData.compatibilityDecompositions[scalar.value] { return mapped }
        return LibraryUnicodeData.canonicalDecompositions[scalar.value] ?? [scalar]
    }

    /// The primary composite of `first` + `second`, if the library composes them.
    public static func composition(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Unicode.Scalar? {
        if let syllable = HangulSyllable.compose(first.value, second.value) { return syllable }
        guard has(.composes, first), has(.composes, second) else { return nil }
        return LibraryUnicodeData.compositions[UInt64(first.value) << 32 | UInt64(second.value)]
    }
}

/// The algorithmic Hangul syllable (de)composition of Unicode §3.12.
enum HangulSyllable {
    static let syllableBase: UInt32 = 0xAC00, leadingBase: UInt32 = 0x1100
    static let vowelBase: UInt32 = 0x1161, trailingBase: UInt32 = 0x11A7
    static let vowelCount: UInt32 = 21, trailingCount: UInt32 = 28, leadingCount: UInt32 = 19
    static let syllableCount: UInt32 = leadingCount * vowelCount * trailingCount

    /// The 2 or 3 jamo of a precomposed syllable, or nil when `value` is not one.
    static func decompose(_ value: UInt32) -> [Unicode.Scalar]? {
        guard value >= syllableBase, value - syllableBase < syllableCount else { return nil }
        let index = value - syllableBase
        let leading = leadingBase + index / (vowelCount * trailingCount)
        let vowel = vowelBase + (index % (vowelCount * trailingCount)) / trailingCount
        let trailing = trailingBase + index % trailingCount
        let parts = trailing == trailingBase ? [leading, vowel] : [leading, vowel, trailing]
        return parts.compactMap(Unicode.Scalar.init)
    }

    /// L + V → LV and LV + T → LVT, or nil.
    static func compose(_ first: UInt32, _ second: UInt32) -> Unicode.Scalar? {
        if first >= leadingBase, first - leadingBase < leadingCount, second >= vowelBase, second - vowelBase < vowelCount {
            return Unicode.Scalar(syllableBase + ((first - leadingBase) * vowelCount + (second - vowelBase)) * trailingCount)
        }
        if first >= syllableBase, first - syllableBase < syllableCount, (first - syllableBase) % trailingCount == 0,
           second > trailingBase, second - trailingBase < trailingCount {
            return Unicode.Scalar(first + (second - trailingBase))
        }
        return nil
    }
}
