/// HF's `process_offsets` (byte_level.rs), shared by the `ByteLevel` and `RobertaProcessing`
/// post-processors: a token's span loses the leading and trailing spaces its text carries
/// ("Ġ", the byte-level space, or any whitespace), except the one space a prefix-adding
/// pre-tokenizer put before the first word. The Python library hands out scalar offsets before
/// post-processing, so the arithmetic is on scalars (a trimmed span may end up empty).
enum OffsetTrimming {
    /// The scalar the byte-level alphabet uses for the space byte.
    static let byteLevelSpace: Unicode.Scalar = "\u{0120}"

    static func trim(_ tokens: inout [Token], addPrefixSpace: Bool) {
        for index in tokens.indices {
            let token = tokens[index]
            var leading = 0
            for scalar in token.text.unicodeScalars {
                guard isSpace(scalar) else { break }
                leading += 1
            }
            guard leading > 0 || isSpace(token.text.unicodeScalars.last) else { continue }
            var trailing = 0
            for scalar in token.text.unicodeScalars.reversed() {
                guard isSpace(scalar) else { break }
                trailing += 1
            }
            var start = token.start
            var end = token.end
            if leading > 0 {
                let isFirst = index == 0 || start == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                start = min(start + leading, end)
            }
            if trailing > 0 && end >= trailing {
                end = max(end - trailing, start)
            }
            if start != token.start || end != token.end {
                tokens[index] = Token(id: token.id, text: token.text, start: start, end: end, isSpecial: token.isSpecial)
            }
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar == byteLevelSpace || BertCharacterClass.isWhitespace(scalar)
    }
}
