/// What-if analysis: how the score moves when one word of A is left out and A is re-encoded.
/// This is not a decomposition — attention changes too, so the deltas need not sum to anything.
public struct WordAblation: Sendable {
    public struct Result: Sendable, Equatable {
        public let word: WordSpan
        /// The text without the word.
        public let text: String
        /// score(A without the word, B) − score(A, B), by the model's similarity function.
        public let delta: Double
    }

    public let model: SentenceTransformer

    public init(model: SentenceTransformer) {
        self.model = model
    }

    /// One result per non-special word of `a` after its prompt, in order; each variant is
    /// encoded with `a`'s prompt and scored with the model's similarity function.
    public func run(_ a: EncodedText, toward b: EncodedText) throws -> [Result] {
        let promptLength = a.prompt.text.unicodeScalars.count
        let words = WordGrouping.words(in: a.tokenized.text, tokens: a.tokenized.tokens)
            .filter { !$0.isSpecial && $0.start >= promptLength }
        let variants = words.map { Self.removing($0, from: a.tokenized.text) }
        let similarity = model.similarityFunction
        let baseline = similarity.score(a.embedding, b.embedding)
        let vectors = try model.encode(variants.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(promptLength))) },
                                       prompt: .text(a.prompt.text))
        return zip(words, zip(variants, vectors)).map { word, variant in
            Result(word: word, text: variant.0, delta: similarity.score(variant.1, b.embedding) - baseline)
        }
    }

    /// The text with the word's characters and one adjoining space removed.
    static func removing(_ word: WordSpan, from text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        guard word.start < word.end, word.end <= scalars.count else { return text }
        var start = word.start, end = word.end
        if end < scalars.count, scalars[end].properties.isWhitespace {
            end += 1
        } else if start > 0, scalars[start - 1].properties.isWhitespace {
            start -= 1
        }
        scalars.removeSubrange(start..<end)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
