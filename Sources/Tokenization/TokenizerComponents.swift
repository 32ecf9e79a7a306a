/// Everything a `BertTokenizer` is made of, whichever files it was read from.
struct TokenizerComponents {
    let model: WordPieceModel
    let settings: TokenizerSettings
    let addedTokens: [AddedToken]
    /// The token the template puts first ([CLS]).
    let classifier: VocabularyEntry
    /// The token the template puts last ([SEP]).
    let separator: VocabularyEntry
    let paddingId: Int32
    let modelMaxLength: Int?

    /// The id of `token` as HF's `token_to_id` finds it: added tokens first, then the vocabulary.
    static func id(for token: String, addedTokens: [AddedToken], model: WordPieceModel) -> Int32? {
        if let added = addedTokens.first(where: { $0.content.unicodeScalars.elementsEqual(token.unicodeScalars) }) {
            return added.id
        }
        return model.entry(for: token)?.id
    }
}

extension WordPieceModel.BuildError {
    /// This error as a `TokenizationError` about `file`; `entries` and `unknownToken` are what the model was built from.
    func tokenizationError(file: String, entries: [VocabularyEntry], unknownToken: String,
                           lineOfEntry: (Int) -> Int?) -> TokenizationError {
        switch self {
        case let .duplicate(index):
            .duplicateToken(file: file, line: lineOfEntry(index), token: entries[index].text)
        case .missingUnknownToken:
            .missingToken(file: file, role: "unknown token", token: unknownToken)
        case .tooLarge:
            .unreadableFile(file: file, reason: "vocabulary too large")
        }
    }
}
