import StrictJSON

/// Builds the model a tokenizer.json `model` section describes, by `model.type` (never by
/// `tokenizer_class`).
enum ModelReader {
    static let supportedTypes = ["WordPiece", "Unigram"]
    static let idRange = 0...Int(Int32.max)

    static func read(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> any TokenizationModel {
        let type = try document.stageType(value, field: field)
        switch type {
        case "WordPiece":
            return try readWordPiece(value, field: field, in: document)
        case "Unigram":
            return try UnigramModel(value, field: field, in: document)
        default:
            throw document.unsupportedType(type, field: field, expected: supportedTypes)
        }
    }

    private static func readWordPiece(_ model: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> WordPieceModel {
        guard let vocabulary = try document.object(model["vocab"], field: field + ".vocab") else {
            throw .missingField(file: document.file, field: field + ".vocab")
        }
        guard !vocabulary.isEmpty else { throw .emptyVocabulary(file: document.file) }
        var entries: [VocabularyEntry] = []
        entries.reserveCapacity(vocabulary.count)
        for member in vocabulary {
            let entryField = "\(field).vocab.\(TokenizationError.quote(member.key))"
            guard let id = try document.integer(member.value, field: entryField, in: idRange) else {
                throw .invalidField(file: document.file, field: entryField, reason: "must be an integer id, not null")
            }
            entries.append(VocabularyEntry(id: Int32(id), text: member.key))
        }
        let unknownToken = try document.string(model["unk_token"], field: field + ".unk_token") ?? "[UNK]"
        let prefix = try document.string(model["continuing_subword_prefix"], field: field + ".continuing_subword_prefix") ?? "##"
        let maxChars = try document.integer(model["max_input_chars_per_word"], field: field + ".max_input_chars_per_word",
                                            in: 0...Int.max) ?? 100
        do {
            return try WordPieceModel(entries: entries, unknownToken: unknownToken, continuingSubwordPrefix: prefix,
                                      maxInputCharsPerWord: maxChars)
        } catch {
            throw error.tokenizationError(file: document.file, entries: entries, unknownToken: unknownToken) { _ in nil }
        }
    }
}
