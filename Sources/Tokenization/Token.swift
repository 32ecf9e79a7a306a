/// One token of a tokenized text, with where it came from in the original text.
public struct Token: Sendable, Hashable {
    /// The vocabulary id fed to the model.
    public let id: Int32
    /// The token as the library reports it: the vocabulary entry ("##ing", "▁the", "[CLS]"), or
    /// for a Unigram unknown the text it stands for.
    public let text: String
    /// First original scalar covered (an index into `text.unicodeScalars`, like a Python `str` index).
    public let start: Int
    /// One past the last original scalar covered; `start == end == 0` for tokens added by the template.
    public let end: Int
    /// True for special tokens: those the template adds around the text and special tokens written
    /// literally in it ("[SEP]"). An [UNK] standing for unknown text is not special.
    public let isSpecial: Bool

    public init(id: Int32, text: String, start: Int, end: Int, isSpecial: Bool) {
        self.id = id
        self.text = text
        self.start = start
        self.end = end
        self.isSpecial = isSpecial
    }
}
