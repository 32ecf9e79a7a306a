/// A text split into model tokens: [CLS] … [SEP] within the length limit, plus what was cut.
public struct TokenizedText: Sendable {
    /// The text as given.
    public let text: String
    /// [CLS], at most `maxLength - 2` wordpieces, [SEP].
    public let tokens: [Token]
    /// Wordpieces beyond the limit, in order (not fed to the model; shown dimmed by the explorer).
    public let truncatedTokens: [Token]

    public init(text: String, tokens: [Token], truncatedTokens: [Token]) {
        self.text = text
        self.tokens = tokens
        self.truncatedTokens = truncatedTokens
    }

    /// The ids of `tokens`, in order.
    public var ids: [Int32] { tokens.map(\.id) }
}
