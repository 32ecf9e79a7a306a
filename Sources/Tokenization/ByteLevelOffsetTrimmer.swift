/// The offset trimming of the `ByteLevel` and `RobertaProcessing` post-processors
/// (`trim_offsets`): a token's span loses the spaces ("Ġ" or whitespace) its text starts or
/// ends with, except the one space `add_prefix_space` put before the first token.
struct ByteLevelOffsetTrimmer: Sendable {
    let addsPrefixSpace: Bool

    /// The trimmed span of token `text` at `start..<end`; `isFirst` for the encoding's first
    /// token (the library also treats any token starting at 0 as first).
    func trim(text: String, start: Int, end: Int, isFirst: Bool) -> (start: Int, end: Int) {
        let scalars = text.unicodeScalars
        var leading = 0
        for scalar in scalars {
            guard Self.isSpace(scalar) else { break }
            leading += 1
        }
        var trailing = 0
        for scalar in scalars.reversed() {
            guard Self.isSpace(scalar) else { break }
            trailing += 1
        }
        guard leading > 0 || trailing > 0 else { return (start, end) }
        var newStart = start
        var newEnd = end
        if leading > 0 {
            let keepsAddedSpace = (isFirst || start == 0) && addsPrefixSpace && leading == 1
            if !keepsAddedSpace { newStart = min(start + leading, end) }
        }
        if trailing > 0, newEnd >= trailing {
            newEnd = max(newEnd - trailing, newStart)
        }
        return (newStart, newEnd)
    }

    /// "Ġ" (the byte character of a space) or a White_Space scalar, as Rust's `char::is_whitespace`.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == ByteLevelAlphabet.space || PreTokenizerCharacterClass.isWhitespace(scalar)
    }
}
