/// A text split into model tokens: the template's tokens around the text's within the length
/// limit ([CLS] … [SEP], <s> … </s>), plus what was cut.
public struct TokenizedText: Sendable {
    /// The text as given.
    public let text: String
    /// The template's tokens around at most `maxLength` minus their number of text tokens.
    public let tokens: [Token]
    /// Text tokens beyond the limit, in order (not fed to the model; shown dimmed by the explorer).
    public let truncatedTokens: [Token]

    public init(text: String, tokens: [Token], truncatedTokens: [Token]) {
        self.text = text
        self.tokens = tokens
        self.truncatedTokens = truncatedTokens
    }

    /// The ids of `tokens`, in order.
    public var ids: [Int32] { tokens.map(\.id) }
}
