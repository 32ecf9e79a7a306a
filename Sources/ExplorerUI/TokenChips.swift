/// One coloured unit of the token pane: a word (wordpieces joined) or a single wordpiece.
public struct TokenChip: Hashable, Sendable {
    public var text: String
    /// Share of the cosine; `nil` for truncated tokens or when there is no target.
    public var share: Float?
    public var isSpecial: Bool
    public var isTruncated: Bool

    public init(text: String, share: Float?, isSpecial: Bool = false, isTruncated: Bool = false) {
        self.text = text
        self.share = share
        self.isSpecial = isSpecial
        self.isTruncated = isTruncated
    }
}

/// Builds token chips from an analysis and its shares.
public enum TokenChips {
    /// One chip per model token (wordpieces as the tokenizer wrote them).
    public static func wordpieces(_ analysis: SentenceAnalysis, shares: [Float]?) -> [TokenChip] {
        var chips: [TokenChip] = []
        var shareIndex = 0
        for token in analysis.tokens {
            var share: Float? = nil
            if !token.isTruncated {
                share = shares.flatMap { shareIndex < $0.count ? $0[shareIndex] : nil }
                shareIndex += 1
            }
            chips.append(TokenChip(text: token.text, share: share, isSpecial: token.isSpecial,
                                   isTruncated: token.isTruncated))
        }
        return chips
    }

    /// One chip per word: wordpieces whose character spans touch are joined (so "playing"
    /// is one chip even when the model saw "play" "##ing"), their shares summed. The word's
    /// text is taken from the input, so accents and case show as typed.
    public static func words(_ analysis: SentenceAnalysis, shares: [Float]?) -> [TokenChip] {
        let pieces = wordpieces(analysis, shares: shares)
        let scalars = Array(analysis.text.unicodeScalars)
        var chips: [TokenChip] = []
        var previousEnd: Int? = nil
        var previousJoinable = false
        var wordStart = 0
        for (token, piece) in zip(analysis.tokens, pieces) {
            let joinable = !token.isSpecial && token.end > token.start
            if joinable, previousJoinable, let end = previousEnd, end == token.start,
               chips.last?.isTruncated == piece.isTruncated, var last = chips.popLast() {
                last.text = slice(scalars, wordStart, token.end) ?? last.text + piece.text
                if let a = last.share, let b = piece.share { last.share = a + b } else { last.share = nil }
                chips.append(last)
            } else {
                var chip = piece
                if joinable, let text = slice(scalars, token.start, token.end) { chip.text = text }
                chips.append(chip)
                wordStart = token.start
            }
            previousEnd = token.end
            previousJoinable = joinable
        }
        return chips
    }

    /// The text between two scalar offsets, or `nil` when they are out of range.
    private static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String? {
        guard start >= 0, end <= scalars.count, start < end else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
