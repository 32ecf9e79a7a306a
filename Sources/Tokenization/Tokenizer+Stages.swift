/// What the first two stages of the pipeline make of a text, for showing the pipeline at
/// work (the explorer's step-through): the normalizer's output and the pre-tokenizer's pieces.
public struct TokenizerStages: Sendable, Hashable {
    /// The text after the normalizer (added tokens matched on the raw text kept as written).
    public let normalized: String
    /// The pieces the model tokenizes one by one, after the pre-tokenizer (as rewritten by
    /// it: "▁word" for Metaspace, "Ġword" for ByteLevel); an added token is a piece of its own.
    public let preTokens: [String]
}

extension Tokenizer {
    /// The normalizer's and pre-tokenizer's output for `text`, by the same path `tokenize`
    /// takes (added tokens split out first), without the model or the post-processor.
    public func stages(of text: String) -> TokenizerStages {
        let original = Array(text.unicodeScalars)
        var normalizedText = String.UnicodeScalarView()
        var preTokens: [String] = []
        func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars)
            return String(result)
        }
        rawMatcher.forEachSegment(in: original, range: original.indices) { segment in
            switch segment {
            case let .match(_, range):
                normalizedText.append(contentsOf: original[range])
                preTokens.append(string(original[range]))
            case let .text(range):
                let normalized = normalizer?.normalize(original, range: range) ?? NormalizedText(original, range: range)
                normalizedText.append(contentsOf: normalized.scalars)
                normalizedMatcher.forEachSegment(in: normalized.scalars, range: normalized.scalars.indices) { piece in
                    switch piece {
                    case let .match(_, range):
                        preTokens.append(string(normalized.scalars[range]))
                    case let .text(range):
                        var pieces = PreTokenizedText(normalized, range: range)
                        preTokenizer?.preTokenize(&pieces)
                        for piece in pieces.pieces { preTokens.append(string(pieces.text.scalars[piece])) }
                    }
                }
            }
        }
        return TokenizerStages(normalized: String(normalizedText), preTokens: preTokens)
    }
}
