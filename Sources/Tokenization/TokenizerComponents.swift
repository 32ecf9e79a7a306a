/// Everything a tokenizer is made of, whichever files it was read from: HF's pipeline
/// normalizer → pre-tokenizer → model → post-processor, with added tokens matched first.
struct TokenizerComponents {
    let normalizer: (any TextNormalizer)?
    let preTokenizer: (any PreTokenizer)?
    let model: any TokenizationModel
    let postProcessor: (any PostProcessor)?
    let addedTokens: [AddedToken]
    /// The BertNormalizer settings in effect (all off when the pipeline has no BertNormalizer).
    let settings: TokenizerSettings
    let paddingId: Int32
    let modelMaxLength: Int?

    /// The id of `token` as HF's `token_to_id` finds it: added tokens first, then the vocabulary.
    static func id(for token: String, addedTokens: [AddedToken], model: any TokenizationModel) -> Int32? {
        if let added = addedTokens.first(where: { $0.content.unicodeScalars.elementsEqual(token.unicodeScalars) }) {
            return added.id
        }
        return model.id(for: token)
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
