import Foundation

/// Reads a `vocab.txt` (one token per line, the line number is the id) with the settings and
/// special tokens of `tokenizer_config.json`, as transformers builds a BertTokenizer from them.
enum VocabularyFileReader {
    static let fileName = "vocab.txt"
    /// transformers' WordPiece limit; vocab.txt has no field for it.
    static let maxInputCharsPerWord = 100

    static func read(_ url: URL, configuration: TokenizerConfiguration,
                     recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> TokenizerComponents {
        let entries = try readEntries(url, recordRead: recordRead)
        let names = configuration.tokenNames
        func name(_ role: TokenizerConfiguration.Role) -> String { names[role] ?? role.defaultContent }

        let model: WordPieceModel
        do {
            model = try WordPieceModel(entries: entries, unknownToken: name(.unknown), continuingSubwordPrefix: "##",
                                       maxInputCharsPerWord: maxInputCharsPerWord)
        } catch {
            throw error.tokenizationError(file: fileName, entries: entries, unknownToken: name(.unknown)) { $0 + 1 }
        }

        // The named special tokens are added as special, unnormalized tokens, after any
        // added_tokens_decoder entries.
        var addedTokens = configuration.addedTokens
        for role in TokenizerConfiguration.Role.allCases {
            let content = name(role)
            guard !addedTokens.contains(where: { $0.content.unicodeScalars.elementsEqual(content.unicodeScalars) }),
                  let entry = model.entry(for: content) else { continue }
            addedTokens.append(AddedToken(id: entry.id, content: content, isSpecial: true, isNormalized: false,
                                          isSingleWord: false, stripsLeft: false, stripsRight: false))
        }
        func entry(_ role: TokenizerConfiguration.Role) throws(TokenizationError) -> VocabularyEntry {
            guard let id = TokenizerComponents.id(for: name(role), addedTokens: addedTokens, model: model) else {
                throw .missingToken(file: fileName, role: role.rawValue, token: name(role))
            }
            return VocabularyEntry(id: id, text: name(role))
        }

        let lowercase = configuration.lowercase ?? true
        let settings = TokenizerSettings(lowercase: lowercase,
                                         stripAccents: configuration.stripAccents ?? lowercase,
                                         handleChineseChars: configuration.handleChineseChars ?? true,
                                         cleanText: true)
        let template = TemplateProcessing(prefix: [try entry(.classifier)], suffix: [try entry(.separator)])
        return TokenizerComponents(normalizer: BertNormalizer(settings: settings), preTokenizer: BertPreTokenizer(),
                                   model: model, postProcessor: template, addedTokens: addedTokens, settings: settings,
                                   paddingId: try entry(.padding).id, modelMaxLength: configuration.modelMaxLength)
    }

    /// One entry per line; a final newline does not start an extra token and a trailing "\r" is dropped.
    private static func readEntries(_ url: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> [VocabularyEntry] {
        let bytes = try TokenizerFile.readBytes(url)
        recordRead(url, bytes)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty, lines.count <= Int(Int32.max) else { throw .emptyVocabulary(file: fileName) }
        var entries: [VocabularyEntry] = []
        entries.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard let token = String(validating: content, as: UTF8.self) else {
                throw .invalidUTF8(file: fileName, line: index + 1)
            }
            entries.append(VocabularyEntry(id: Int32(index), text: token))
        }
        return entries
    }
}
