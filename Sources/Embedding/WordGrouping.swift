import Tokenization

/// A word as the reader sees it: a run of tokens with no space between them in the text
/// ("don't", "résumé," or "tokenization" are one word each), or a special token on its own.
public struct WordSpan: Sendable, Equatable {
    public let text: String
    /// `[start, end)` in Unicode scalars of the original text; [CLS]/[SEP] have 0..<0.
    public let start: Int
    public let end: Int
    /// Indices into the tokens the word was built from.
    public let tokenRange: Range<Int>
    public let isSpecial: Bool
}

public enum WordGrouping {
    /// Groups `tokens` of `text` into words using their character spans.
    public static func words(in text: String, tokens: [Token]) -> [WordSpan] {
        let scalars = Array(text.unicodeScalars)
        var words: [WordSpan] = []
        var first = 0
        while first < tokens.count {
            var last = first
            if !tokens[first].isSpecial {
                while last + 1 < tokens.count, !tokens[last + 1].isSpecial,
                      tokens[last + 1].start == tokens[last].end {
                    last += 1
                }
            }
            let start = tokens[first].start, end = tokens[last].end
            let label: String
            if tokens[first].isSpecial || start >= end || end > scalars.count {
                label = tokens[first].text
            } else {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                label = String(view)
            }
            words.append(WordSpan(text: label, start: start, end: end, tokenRange: first..<(last + 1),
                                  isSpecial: tokens[first].isSpecial))
            first = last + 1
        }
        return words
    }

    /// Sums per-token values into per-word values; the total is unchanged.
    public static func sum(_ values: [Double], over words: [WordSpan]) -> [Double] {
        words.map { word in word.tokenRange.reduce(0) { $0 + ($1 < values.count ? values[$1] : 0) } }
    }
}
