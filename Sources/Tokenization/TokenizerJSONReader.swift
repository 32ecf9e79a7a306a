import Foundation
import StrictJSON

/// Reads a HF `tokenizer.json` with a WordPiece model, BertNormalizer, BertPreTokenizer and a
/// [CLS] A [SEP] post-processor; anything else is reported as unsupported.
enum TokenizerJSONReader {
    static let fileName = "tokenizer.json"
    private static let idRange = 0...Int(Int32.max)

    static func read(_ url: URL, configuration: TokenizerConfiguration,
                     recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> TokenizerComponents {
        let document = try JSONDocument.read(url, recordRead: recordRead)
        guard case .object = document.root else {
            throw .invalidField(file: document.file, field: "the top level", reason: "must be an object, not \(document.root.kindName)")
        }
        let model = try readModel(document)
        let settings = try readNormalizer(document)
        try checkPreTokenizer(document)
        let addedTokens = try readAddedTokens(document)
        let (classifier, separator) = try readPostProcessor(document)
        let paddingId = try readPaddingId(document, configuration: configuration, addedTokens: addedTokens, model: model)
        return TokenizerComponents(model: model, settings: settings, addedTokens: addedTokens,
                                   classifier: classifier, separator: separator, paddingId: paddingId,
                                   modelMaxLength: configuration.modelMaxLength)
    }

    private static func readModel(_ document: JSONDocument) throws(TokenizationError) -> WordPieceModel {
        guard let model = document.root["model"], !model.isNull else { throw .missingField(file: document.file, field: "model") }
        guard try document.object(model, field: "model") != nil else {
            throw .invalidField(file: document.file, field: "model", reason: "must be an object")
        }
        guard let type = try document.string(model["type"], field: "model.type") else {
            throw .missingField(file: document.file, field: "model.type")
        }
        guard type == "WordPiece" else {
            throw .unsupported(file: document.file, field: "model.type", value: TokenizationError.quote(type), expected: "WordPiece")
        }
        guard let vocabulary = try document.object(model["vocab"], field: "model.vocab") else {
            throw .missingField(file: document.file, field: "model.vocab")
        }
        guard !vocabulary.isEmpty else { throw .emptyVocabulary(file: document.file) }
        var entries: [VocabularyEntry] = []
        entries.reserveCapacity(vocabulary.count)
        for member in vocabulary {
            let field = "model.vocab.\(TokenizationError.quote(member.key))"
            guard let id = try document.integer(member.value, field: field, in: idRange) else {
                throw .invalidField(file: document.file, field: field, reason: "must be an integer id, not null")
            }
            entries.append(VocabularyEntry(id: Int32(id), text: member.key))
        }
        let unknownToken = try document.string(model["unk_token"], field: "model.unk_token") ?? "[UNK]"
        let prefix = try document.string(model["continuing_subword_prefix"], field: "model.continuing_subword_prefix") ?? "##"
        let maxChars = try document.integer(model["max_input_chars_per_word"], field: "model.max_input_chars_per_word",
                                            in: 0...Int.max) ?? 100
        do {
            return try WordPieceModel(entries: entries, unknownToken: unknownToken, continuingSubwordPrefix: prefix,
                                      maxInputCharsPerWord: maxChars)
        } catch {
            throw error.tokenizationError(file: document.file, entries: entries, unknownToken: unknownToken) { _ in nil }
        }
    }

    private static func readNormalizer(_ document: JSONDocument) throws(TokenizationError) -> TokenizerSettings {
        guard let normalizer = document.root["normalizer"], !normalizer.isNull else {
            // No normalizer: the text reaches the pre-tokenizer untouched.
            return TokenizerSettings(lowercase: false, stripAccents: false, handleChineseChars: false, cleanText: false)
        }
        let type = try document.string(normalizer["type"], field: "normalizer.type")
        guard type == "BertNormalizer" else {
            throw .unsupported(file: document.file, field: "normalizer.type",
                               value: type.map(TokenizationError.quote) ?? normalizer.kindName, expected: "BertNormalizer")
        }
        let lowercase = try document.bool(normalizer["lowercase"], field: "normalizer.lowercase") ?? true
        return TokenizerSettings(
            lowercase: lowercase,
            stripAccents: try document.bool(normalizer["strip_accents"], field: "normalizer.strip_accents") ?? lowercase,
            handleChineseChars: try document.bool(normalizer["handle_chinese_chars"], field: "normalizer.handle_chinese_chars") ?? true,
            cleanText: try document.bool(normalizer["clean_text"], field: "normalizer.clean_text") ?? true)
    }

    private static func checkPreTokenizer(_ document: JSONDocument) throws(TokenizationError) {
        let preTokenizer = document.root["pre_tokenizer"] ?? .null
        let type = preTokenizer.isNull ? nil : try document.string(preTokenizer["type"], field: "pre_tokenizer.type")
        guard type == "BertPreTokenizer" else {
            throw .unsupported(file: document.file, field: "pre_tokenizer",
                               value: type.map(TokenizationError.quote) ?? preTokenizer.kindName, expected: "BertPreTokenizer")
        }
    }

    private static func readAddedTokens(_ document: JSONDocument) throws(TokenizationError) -> [AddedToken] {
        guard let elements = try document.array(document.root["added_tokens"], field: "added_tokens") else { return [] }
        var tokens: [AddedToken] = []
        for (index, element) in elements.enumerated() {
            let field = "added_tokens[\(index)]"
            guard let id = try document.integer(element["id"], field: field + ".id", in: idRange) else {
                throw .missingField(file: document.file, field: field + ".id")
            }
            let token = try AddedTokenReader.read(element, id: Int32(id), field: field, in: document)
            // HF ignores empty tokens.
            if !token.content.isEmpty { tokens.append(token) }
        }
        return tokens
    }

    /// The tokens placed before and after the text: a TemplateProcessing "single" template of
    /// exactly [SpecialToken, Sequence A, SpecialToken], or a BertProcessing.
    private static func readPostProcessor(_ document: JSONDocument) throws(TokenizationError) -> (VocabularyEntry, VocabularyEntry) {
        let processor = document.root["post_processor"] ?? .null
        let type = processor.isNull ? nil : try document.string(processor["type"], field: "post_processor.type")
        switch type {
        case "TemplateProcessing":
            return try readTemplate(processor, document)
        case "BertProcessing":
            return (try readPair(processor["cls"], field: "post_processor.cls", document),
                    try readPair(processor["sep"], field: "post_processor.sep", document))
        default:
            throw .unsupported(file: document.file, field: "post_processor",
                               value: type.map(TokenizationError.quote) ?? processor.kindName,
                               expected: "TemplateProcessing or BertProcessing")
        }
    }

    private static func readTemplate(_ processor: JSONValue, _ document: JSONDocument) throws(TokenizationError) -> (VocabularyEntry, VocabularyEntry) {
        let field = "post_processor.single"
        guard let single = try document.array(processor["single"], field: field) else {
            throw .missingField(file: document.file, field: field)
        }
        let isSequenceA = single.count == 3 && (single[1]["Sequence"]?["id"]?.stringValue == "A")
        guard isSequenceA, let first = single[0]["SpecialToken"]?["id"]?.stringValue,
              let last = single[2]["SpecialToken"]?["id"]?.stringValue else {
            throw .unsupported(file: document.file, field: field, value: "template", expected: "[SpecialToken, Sequence A, SpecialToken]")
        }
        return (try templateToken(first, processor, document), try templateToken(last, processor, document))
    }

    private static func templateToken(_ name: String, _ processor: JSONValue, _ document: JSONDocument) throws(TokenizationError) -> VocabularyEntry {
        let field = "post_processor.special_tokens.\(TokenizationError.quote(name))"
        guard let special = processor["special_tokens"]?[name] else { throw .missingField(file: document.file, field: field) }
        let ids = try document.array(special["ids"], field: field + ".ids") ?? []
        guard ids.count == 1, let id = try document.integer(ids[0], field: field + ".ids[0]", in: idRange) else {
            throw .unsupported(file: document.file, field: field + ".ids", value: "\(ids.count) ids", expected: "exactly one id")
        }
        let text = try document.array(special["tokens"], field: field + ".tokens")?.first?.stringValue ?? name
        return VocabularyEntry(id: Int32(id), text: text)
    }

    /// A BertProcessing `["[CLS]", 101]` pair.
    private static func readPair(_ value: JSONValue?, field: String, _ document: JSONDocument) throws(TokenizationError) -> VocabularyEntry {
        guard let pair = try document.array(value, field: field) else { throw .missingField(file: document.file, field: field) }
        guard pair.count == 2, let text = pair[0].stringValue,
              let id = try document.integer(pair[1], field: field + "[1]", in: idRange) else {
            throw .invalidField(file: document.file, field: field, reason: "must be [token, id]")
        }
        return VocabularyEntry(id: Int32(id), text: text)
    }

    /// The padding id: tokenizer_config.json's pad_token, else the `padding` section, else "[PAD]".
    private static func readPaddingId(_ document: JSONDocument, configuration: TokenizerConfiguration,
                                      addedTokens: [AddedToken], model: WordPieceModel) throws(TokenizationError) -> Int32 {
        if let name = configuration.tokenNames[.padding],
           let id = TokenizerComponents.id(for: name, addedTokens: addedTokens, model: model) {
            return id
        }
        if let padding = document.root["padding"], !padding.isNull,
           let id = try document.integer(padding["pad_id"], field: "padding.pad_id", in: idRange) {
            return Int32(id)
        }
        let name = TokenizerConfiguration.Role.padding.defaultContent
        guard let id = TokenizerComponents.id(for: name, addedTokens: addedTokens, model: model) else {
            throw .missingToken(file: document.file, role: "pad token", token: name)
        }
        return id
    }
}
