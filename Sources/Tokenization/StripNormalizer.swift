/// HF `Strip`: removes whitespace (the White_Space property) from the left and/or right end.
struct StripNormalizer: TextNormalizer {
    let left: Bool
    let right: Bool

    func normalize(_ text: inout NormalizedText) {
        var start = 0
        var end = text.count
        if left {
            while start < end && BertCharacterClass.isWhitespace(text.scalars[start]) { start += 1 }
        }
        if right {
            while end > start && BertCharacterClass.isWhitespace(text.scalars[end - 1]) { end -= 1 }
        }
        guard start > 0 || end < text.count else { return }
        text.scalars = Array(text.scalars[start..<end])
        text.origins = Array(text.origins[start..<end])
    }
}
